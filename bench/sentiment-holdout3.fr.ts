// Held-out set C, French, for `npm run bench:sentiment`: written blind (without reading the rules) and never tuned on.
import { builders, type LabelledPost } from './sentiment-corpus.en';

const { N, P } = builders('fr');

export const FR_HOLDOUT_C: readonly LabelledPost[] = [
  // réclamations, souvent de simples faits
  N('complaint', 'Ça fait 12 jours que ma box clignote rouge @TelMob'),
  N('complaint', 'train de 7h42 supprimé, celui de 8h12 aussi, arrivée au taf à 10h @RailExpress'),
  N('complaint', '@AzurAir on a dormi par terre à l’aéroport, aucun hôtel proposé'),
  N('complaint', 'commande drive préparée à moitié, il manquait le lait et les couches'),
  N('complaint', 'prelevement de 89€ alors que j’ai resilié en janvier'),
  N('complaint', 'le livreur a mis "client absent" alors que j’étais derrière la porte'),
  N('complaint', 'carte avalée par le distributeur un samedi soir @BanqueNova'),
  N('complaint', 'Rdv pris pour la pose du compteur, annulé la veille par sms'),
  N('complaint', 'reçu une robe en 36 au lieu du 42 et le retour est à mes frais'),
  N('complaint', 'sur l’appli mon solde affiche 0 depuis ce matin, impossible de payer mes courses'),
  N('complaint', 'aucun vendeur, caisses auto en panne, 20 min pour un paquet de pâtes #MarcheFrais'),
  N('complaint', 'la clim de la voiture neuve souffle chaud depuis le premier jour @AutoLion'),
  N('complaint', 'plus de chauffage dans l’immeuble depuis lundi et @ElecDirect nous renvoie vers le syndic'),
  N('complaint', 'mes sushis sont arrivés renversés dans le sac'),
  N('complaint', 'trois mails, deux recommandés, toujours aucune réponse de la mutuelle'),
  N('complaint', 'le devis disait 300€, la facture 540€'),
  N('complaint', 'le tel reconditionné tient 2h de batterie'),
  N('complaint', 'portabilité ratée, je suis sans ligne depuis 4 jours'),
  N('complaint', 'on m’a changé de conseiller sans prévenir et le nouveau connait rien à mon dossier'),
  N('complaint', 'livraison prévue mardi, repoussée à jeudi, puis à lundi'),
  N('complaint', 'la trottinette s’est arrêtée au milieu du pont et l’appli m’a quand même facturé 40 min'),
  N('complaint', 'commandé à 20h, livré à 21h40, tout froid'),

  // sarcasme
  N('sarcasm', 'Génial, encore une panne de réseau, merci @TelMob vous êtes au top'),
  N('sarcasm', 'bravo @RailExpress, 4e retard de la semaine, vous tenez le rythme'),
  N('sarcasm', 'trop hâte de repasser 45 min avec votre musique d’attente'),
  N('sarcasm', 'merci @BanqueNova pour les 8€ de frais sur un découvert de 2€, trop généreux'),
  N('sarcasm', 'ah super, l’appli a encore vidé mon panier, j’adore tout recommencer'),
  N('sarcasm', 'quel plaisir de payer 15€ de livraison pour un burger écrasé'),
  N('sarcasm', 'Vraiment merci @AzurAir d’avoir envoyé ma valise en vacances sans moi'),
  N('sarcasm', 'la qualité comme on l’aime, le rétro tombé au bout d’une semaine'),
  N('sarcasm', 'incroyable, un service client qui répond... au bout de 3 semaines 👏👏'),
  N('sarcasm', 'bien joué @ElecDirect, couper le courant pile pendant la finale fallait oser'),

  // négation
  N('negation', 'franchement pas terrible la nouvelle formule'),
  N('negation', 'pas du tout satisfaite de la réparation, ça fuit toujours'),
  N('negation', 'je remettrai jamais les pieds dans ce magasin'),
  N('negation', 'aucune excuse, aucun geste commercial, rien'),
  N('negation', 'la nouvelle version est pas mieux que l’ancienne'),
  N('negation', 'je recommande pas du tout @TelMob'),
  N('negation', 'le conseiller m’a pas aidé, il savait même pas de quoi je parlais'),
  N('negation', 'ça vaut pas son prix, même en soldes'),

  // argot
  N('slang', 'leur nouvelle appli c’est de la merde en barre'),
  N('slang', 'jpp de @TelMob, 3e coupure aujourd’hui'),
  N('slang', 'wsh @Livrezmoi c’est quoi ce délire, 1h30 pour un tacos'),
  N('slang', 'le réseau est éclaté au sol dans tout le quartier'),
  N('slang', 'grave relou ce site, il bug à chaque paiement'),
  N('slang', 'ils se foutent de notre gueule chez @AzurAir'),
  N('slang', 'c’est abusé les frais de tenue de compte là'),
  N('slang', 'ce burger est vraiment guez, plus jamais'),
  N('slang', 'chelou ce prélèvement de 30 balles, vous êtes des escrocs ou quoi'),
  N('slang', 'trop vénère, le livreur a balancé mon colis par dessus le portail'),

  // émojis
  N('emoji', '@TelMob 😡😡😡'),
  N('emoji', '🤬🤬🤬 @Livrezmoi elle est où ma commande'),
  N('emoji', 'toujours pas de réseau 😤📵📵'),
  N('emoji', '@RailExpress 🙄🙄🙄🙄'),
  N('emoji', 'retard de 2h 😩😩😩 #AzurAir'),
  N('emoji', 'les prix 📈 la qualité 📉 @MarcheFrais'),
  N('emoji', '👎👎👎 @BanqueNova'),
  N('emoji', '🤢🤢 la nouvelle recette'),
  N('emoji', 'mes frites sont arrivées en purée 😭😭'),

  // questions qui sont des réclamations
  N('question', 'pourquoi ma commande est toujours pas là ?? ça fait 1h15'),
  N('question', 'combien de fois je dois appeler pour qu’un technicien passe enfin ?'),
  N('question', 'quelqu’un chez @BanqueNova lit les messages ou c’est juste décoratif ?'),
  N('question', 'sérieux ? une mise à jour de plus et ça plante toujours ?'),
  N('question', 'il sert à quoi le suivi s’il bouge jamais ?'),
  N('question', 'comment vous faites pour perdre une valise sur un vol direct ?'),
  N('question', 'je paie la fibre pour avoir 8 méga, c’est normal ça ?'),
  N('question', '@ElecDirect vous comptez me rembourser le trop perçu quand exactement ??'),
  N('question', 'c’est moi ou le service client répond jamais le weekend ?'),
  N('question', 'pourquoi on me facture une option que j’ai jamais demandée ?'),

  // éloges
  P('praise', 'big up à l’équipage @AzurAir sur le Paris-Ajaccio, adorables du début à la fin'),
  P('praise', 'le livreur a monté les packs d’eau jusqu’au 5e sans ascenseur, respect 🙏'),
  P('praise', 'la conseillère @BanqueNova m’a débloqué mon prêt en une matinée, merci à elle'),
  P('praise', 'remboursement reçu en 48h sans discuter, chapeau'),
  P('praise', 'essayé la nouvelle citadine électrique d’@AutoLion, je suis conquis'),
  P('praise', 'le plombier est venu à l’heure, a tout réparé et a même passé la serpillère'),
  P('praise', 'merci à la caissière qui m’a laissé passer avec mon bébé qui hurlait'),
  P('praise', 'la galette complète de chez @CrepesExpress est une tuerie'),
  P('praise', 'contrôleur super sympa qui m’a laissé monter avec mon billet sur le tel déchargé'),
  P('praise', 'lunettes réparées gratuitement en 10 min, merci l’opticien'),
  P('praise', 'trop contente de mon nouveau forfait, moins cher et plus de data'),
  P('praise', 'Colis reçu le lendemain, bien emballé, rien à redire @Livrezmoi'),

  // éloges avec une petite réserve, positifs au total
  P('praise', 'un peu cher mais franchement la qualité est là'),
  P('praise', 'train parti avec 10 min de retard mais arrivé à l’heure et contrôleur adorable'),
  P('praise', 'l’appli rame un peu sur mon vieux tel mais sinon elle est top'),
  P('praise', 'un peu d’attente au téléphone mais la dame a tout réglé, merci'),

  // mots négatifs qui visent autre chose
  P('praise', 'tempête de ouf cette nuit, mais le vol est parti à l’heure et on a été bien informés'),
  P('praise', 'mon ancienne banque c’était l’enfer, depuis que je suis chez @BanqueNova tout roule'),
  P('praise', 'accident sur l’A7, la galère, mais le dépanneur @AssistRoute est arrivé en 20 min'),
  P('praise', 'le quartier est en travaux depuis des mois c’est l’horreur, mais la boulangerie reste ouverte et toujours aussi bonne'),

  // informations neutres
  P('neutral', '@TelMob lance une offre fibre pour les étudiants à la rentrée'),
  P('neutral', 'nouveau magasin @MarcheFrais ouvert à Villeurbanne depuis ce matin'),
  P('neutral', 'grève des contrôleurs annoncée ce weekend, RailExpress publie les horaires demain'),
  P('neutral', 'AutoLion annonce une usine de batteries près de Douai'),
  P('neutral', 'panne géante à cause de la tempête, les équipes ElecDirect mobilisées toute la nuit'),
  P('neutral', 'embarquement du vol pour Marseille déplacé porte 32'),
  P('neutral', 'BanqueNova présente ses résultats jeudi matin'),
  P('neutral', 'ma trottinette perso a crevé du coup j’ai pris un taxi pour aller au taf'),

  // émojis
  P('emoji', '🥰🥰 merci @AzurAir pour le surclassement'),
  P('emoji', 'la fibre enfin 🥳🥳'),
  P('emoji', '🔥🔥 le burger du mois @Livrezmoi'),

  // argot
  P('slang', 'passée chez @TelMob, le débit est ouf'),
  P('slang', 'le nouveau tacos il est trop bon wesh'),
  P('slang', 'grave validé la nouvelle appli'),
  P('slang', 'la nouvelle carte bancaire elle est stylée de ouf'),
  P('slang', 'dinguerie ce fondant au chocolat 😮‍💨'),

  // questions neutres
  P('question', 'l’agence de Nantes est ouverte le samedi matin ?'),
  P('question', 'est-ce que le forfait 5G marche en Belgique sans surcoût ?'),
  P('question', '@AzurAir le bagage cabine c’est combien de kilos max ?'),
  P('question', 'y a des places de parking au nouveau magasin de Bordeaux ?'),
  P('question', 'qqn sait si @Livrezmoi prend les tickets resto ?'),
  P('question', 'on peut ouvrir un livret A en ligne chez @BanqueNova ?'),
  P('question', 'le drive est ouvert jusqu’à quelle heure ce soir ?'),

  // négatifs niés
  P('negation', 'aucun souci avec la box depuis le changement, nickel'),
  P('negation', 'pas mal du tout ce nouveau bobun'),
  P('negation', 'franchement pas déçue, je m’attendais à pire'),
  P('negation', 'jamais eu de galère avec @BanqueNova en 10 ans'),
  P('negation', 'rien à dire, tout était parfait'),
  P('negation', 'pas une minute d’attente au guichet ce matin, ça fait plaisir'),
  P('negation', 'c’est pas cher et c’est pas mauvais du tout'),
];
