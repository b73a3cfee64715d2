// Held-out French crisis statements for the lint bench, written blind to the rules (without reading the rule
// templates or the development corpus) so the figures show how the linter does on wording it was not tuned on.
import type { LabelledStatement } from './lint-corpus.en';

export const FR_HOLDOUT: readonly LabelledStatement[] = [
  // Clean: assumer la faute, nommer une cause qui est la nôtre, points chiffrés, excuses sincères, négations sans problème.
  { rules: [], text: "Nous nous sommes trompés. Le prix affiché samedi sur notre site était faux parce que nous l'avions mal saisi, et nous honorerons toutes les commandes passées à ce prix." },
  { rules: [], text: "Pardon. Nous n'avons aucune excuse." },
  { rules: [], text: "Les annulations de vols de ce week-end viennent d'une erreur dans la planification de nos équipages. C'est à nous d'en répondre, et nous contactons aujourd'hui chaque passager concerné." },
  { rules: [], text: "Point à 9 h 45 : 2 300 foyers du nord de la ville sont toujours privés d'eau. Des citernes sont installées devant les trois écoles listées ci-dessous ; le retour de l'eau est prévu vers 18 h." },
  { rules: [], text: "Vous êtes nombreux à nous dire que la nouvelle application est difficile à utiliser. Vous avez raison. Nous rétablissons l'ancien menu lundi, le temps de revoir l'interface." },
  { rules: [], text: "Nous ne nous cacherons pas derrière nos sous-traitants. Nous les avons choisis, nous devions les encadrer, et l'effondrement du chantier de Villeurbanne nous revient." },
  { rules: [], text: "Nous sommes profondément désolés des propos tenus par l'un de nos animateurs dans la vidéo de mardi. Ils sont contraires à nos valeurs et il ne travaille plus avec nous." },
  { rules: [], text: "Message d'attente : un incendie s'est déclaré dans notre entrepôt de Roissy. Personne n'a été blessé. Nous en dirons plus dès que les pompiers auront sécurisé le site." },
  { rules: [], text: "Ce n'est pas un petit problème et nous ne le présenterons pas comme tel : nous avons prélevé deux fois environ 18 % de nos abonnés." },
  { rules: [], text: "Nos propres tests n'ont pas détecté le défaut des capteurs de freinage. Nous rappelons les 12 400 véhicules produits depuis mars." },
  { rules: [], text: 'Nous n’avons pas réagi assez vite aux premières plaintes. Nous aurions dû, et nous vous demandons pardon.' },
  { rules: [], text: "La panne ne vient pas d'une cyberattaque. Une modification de configuration que nous avons faite à 2 h a mis nos serveurs hors ligne ; nous l'avons annulée et ajouté un contrôle pour que cela ne se reproduise pas." },
  { rules: [], text: 'Incident clos : nos 57 magasins ont rouvert. Merci pour votre patience ces deux derniers jours.' },
  { rules: [], text: "Votre colère face à la file d'attente de la billetterie est légitime. Chaque fan déconnecté aura un accès prioritaire jeudi." },
  { rules: [], text: "Nous nous excusons pour la gêne causée par la fermeture imprévue de notre agence de Belleville hier. Vous pouvez utiliser gratuitement toutes nos autres agences cette semaine." },
  { rules: [], text: "Notre enquête montre qu'un membre de notre propre équipe informatique a mal réglé les droits d'accès. Nous avons changé nos procédures pour qu'une seule personne ne puisse plus faire cette modification." },
  { rules: [], text: "Nous savons que ce n'est pas la réponse que beaucoup d'entre vous attendaient. Nous regrettons de ne pas pouvoir garder la piscine ouverte et nous présenterons les coûts lors d'une réunion publique le 4 juin." },
  { rules: [], text: "Une erreur de notre pharmacie a conduit 312 patients à recevoir une mauvaise notice. Nous avons écrit à chacun d'eux et aucun effet indésirable n'a été signalé." },
  { rules: [], text: "Soyons clairs : le retard n'est pas dû à la météo. Nous n'avions pas assez de personnel ce jour-là, et c'était notre décision." },
  { rules: [], text: "Nous ne prétendrons pas que cela échappait à notre contrôle. Nous savions que la passerelle devait être réparée, nous avons reporté les travaux, et nous demandons pardon aux personnes blessées." },

  // Avec un ou deux problèmes, formulés comme pourrait le faire un service de communication.
  { rules: ['excuse'], text: "Point n° 3 sur les coupures de courant. Environ 9 000 foyers sont encore privés d'électricité. La tempête de dimanche soir était imprévisible et l'ampleur des dégâts ne dépendait en rien de nous. Nos équipes travaillent toute la nuit." },
  { rules: ['excuse'], text: "Nous tenons à préciser que l'entreprise n'est en aucun cas responsable des retards subis vendredi par les voyageurs." },
  { rules: ['blame'], text: "Message d'attente, 11 h. Nous avons connaissance de cas d'intoxication liés à notre gamme de salades au poulet. Les premiers éléments désignent un ingrédient livré par l'un de nos fournisseurs, qui n'a pas réalisé les contrôles prévus. Les produits ont été retirés de la vente. Prochain point à 16 h." },
  { rules: ['blame'], text: 'Notre transporteur nous a lâchés cette semaine, d’où les nombreux retards de livraison.' },
  { rules: ['non-apology'], text: 'Toutes nos excuses à celles et ceux qui auraient pu être choqués par notre dernière publicité.' },
  { rules: ['non-apology'], text: "Nous regrettons que certains adhérents aient eu le sentiment d'être délaissés par les changements du programme de fidélité." },
  { rules: ['non-apology'], text: 'Veuillez nous excuser pour les éventuels désagréments que cela a pu vous causer.' },
  { rules: ['minimising'], text: "Le problème n'a concerné qu'une infime partie de nos utilisateurs. Pour l'immense majorité, le service a fonctionné normalement tout le week-end." },
  { rules: ['minimising'], text: "Ce qui s'est passé dans notre magasin de Lens reste un cas exceptionnel, qui ne reflète pas le niveau de nos 200 autres points de vente." },
  { rules: ['minimising'], text: "La fuite était sans gravité et a été contenue en quelques heures. L'eau du robinet reste potable dans tout le secteur." },
  { rules: ['passive-evasion'], text: 'Nous reconnaissons que des manquements ont été constatés dans le traitement de vos réclamations.' },
  { rules: ['passive-evasion'], text: 'Il est clair que des erreurs ont été faites, et des leçons en seront tirées.' },
  { rules: ['passive-evasion'], text: 'Malheureusement, de mauvaises informations ont été transmises à certaines familles lundi. Chaque famille a depuis reçu un courrier rectificatif.' },
  { rules: ['legal-risk'], text: "Nous avons rencontré chaque famille. Nous reconnaissons être juridiquement responsables des blessures et indemniserons intégralement les victimes. Une ligne d'écoute est ouverte dès 8 h." },
  { rules: ['legal-risk'], text: 'Après examen, nous admettons avoir été négligents et reconnaissons notre responsabilité civile pour les dégâts causés aux maisons voisines.' },
  { rules: ['blame', 'excuse'], text: "Nous n'y sommes pour rien : la mise à jour défectueuse venait de l'éditeur du logiciel que nous utilisons." },
  { rules: ['minimising', 'non-apology'], text: 'Nous nous excusons si la panne a pu occasionner une gêne. Seule une poignée de comptes a été touchée.' },
  { rules: ['minimising', 'passive-evasion'], text: 'Une petite erreur a été commise lors du calcul des salaires de mai, touchant un nombre restreint de salariés.' },
  { rules: ['blame', 'excuse'], text: "Cette fermeture nous a été imposée par la décision de la mairie, et nous n'aurions rien pu faire pour l'éviter." },
  { rules: ['non-apology'], text: 'Nous sommes navrés que vous trouviez notre réponse trop lente. Notre équipe a suivi la procédure prévue du début à la fin.' },
];
