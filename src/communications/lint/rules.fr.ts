// French statement-lint rules, as data: phrase templates per rule (syntax at the top of lint.ts).
import type { LintRule } from './lint';

/** Quelqu'un d'extérieur à l'entreprise sur qui le message pourrait rejeter la faute. */
const TIERS =
  '(banque*|aéroport*|compagnie aérienne|compagnies aériennes|assureur*|bailleur*|prestataire*|fournisseur*|partenaire*|sous-traitant*|transporteur*|hébergeur*|livreur*|fabricant*|franchisé|franchisés|franchisee*|intermédiaire*|distributeur*|opérateur*|éditeur*|tiers|prestataire externe|société extérieure|entreprise extérieure|agence*|constructeur*|installateur*)';
const DET = "(un|une|des|le|la|l'|les|notre|nos|l'un de nos|l'une de nos|un de nos|une de nos|son|sa|ses|leur|leurs|ce|cet|cette|ces)";
const PANNE =
  '(erreur*|défaillance*|faute*|panne*|négligence*|problème*|incident*|bug*|manquement*|retard*|dysfonctionnement*|coupure*|avarie*)';
const CAUSE_PAR = '(dû|due|dus|dues|lié|liée|liés|liées|imputable*|attribuable*|causé*|provoqué*|occasionné*|déclenché*)';
const EXCUSE = '(désolé*|excus*|pardon|regrett*)';
const SENTI = '(choqué*|blessé*|offensé*|heurté*|vexé*|froissé*|offusqué*|indisposé*|trompé*|lésé*|méprisé*|stigmatisé*|visé*|exclu*|oublié*|délaissé*|mal compris|mal interprété*|mal perçu*|mal pris*)';
const SENTI_FORT = '(choqué*|offensé*|heurté*|vexé*|froissé*|offusqué*|indisposé*)';
const QUI = '(ceux|celles|celles et ceux|ceux et celles|toutes les personnes|les personnes|tous ceux|toutes celles|quiconque|certains|certaines|des clients|aux clients|les clients|nos clients|des personnes|aux personnes|des utilisateurs|aux utilisateurs)';
const CONDITIONNEL =
  '(ont pu être|auraient pu être|ont pu se sentir|auraient pu se sentir|se sont sentis|se sont senti*|se seraient senti*|pourraient se sentir|se sentent|se sont trouvés|a pu être|aurait pu être|se serait senti*|s\'est senti*)';
/** Who may have "felt" something, as the subject of a clause: "que certains supporters se soient sentis…". */
const QUI_SUJET =
  "(vous|certains d'entre vous|d'aucuns|beaucoup|on|[certains|certaines|quelques|des|nos|les|de nombreux|beaucoup de|plusieurs] (personnes|clients|supporters|fans|utilisateurs|abonnés|lecteurs|spectateurs|passagers|parents|salariés|collaborateurs|internautes|adhérents|usagers)|certains|certaines)";
const GENE =
  '(gêne*|désagrément*|inconvénient*|dérangement*|confusion|incompréhension*|contrariété*|perturbation*|malentendu*|soucis)';
const CAUSEE =
  "[occasionné*|causé*|éventuel*|que (cela|ceci|cette situation|ce message|nous|ce retard|cette panne|cet incident) [*] (a|aurait|ait|auraient|ont|aient|avons|aurions) pu (causer|occasionner|provoquer|engendrer|entraîner)]";
const PETIT_MOT =
  '(incident*|problème*|souci*|bug*|bogue*|dysfonctionnement*|désagrément*|retard*|erreur*|couac*|incident technique|cafouillage*|contretemps|panne*|accroc*|oubli*|raté|ratés|malentendu*|perturbation*|dégâts|dommage*|interruption*|coupure*|fuite*)';
const MINEUR = '(mineur*|minime*|léger*|légère*|sans gravité|passager*|passagère*|anodin*|bénin*|bénigne*|négligeable*|ponctuel*)';
const PETIT = '(léger|légère|petit|petite|simple|mini|infime|bref|brève|brefs|brèves|courte|courtes)';
const NEGATION = "(pas|n'est pas|n'était pas|ce n'est pas|ce n'était pas|loin d'être|rien d') (un|une|d'un|d'une)";
const PERSONNES = '(clients|utilisateurs|usagers|abonnés|passagers|voyageurs|consommateurs|adhérents|personnes|comptes|commandes|patients|cas|foyers|sites|magasins)';
const ERREURS = '(erreurs|fautes|maladresses|manquements|erreurs d\'appréciation|imprécisions|négligences|couacs)';
const FURENT = '(ont été|ont pu être|auraient été|auraient pu être|avaient été|ont) (commis*|faites)';

export const FR_RULES: readonly LintRule[] = [
  {
    rule: 'excuse',
    severity: 'WARNING',
    message: 'Sounds like an excuse: say what went wrong and what you are doing about it.',
    patterns: [
      'indépendant* de (notre|la|leur|sa) volonté',
      '(hors de|en dehors de) notre (contrôle|portée|ressort)',
      '(échappe*|échappant) à (notre|tout) contrôle',
      'circonstances (exceptionnelles|imprévues|imprévisibles|extraordinaires)',
      '(événement*|évènement*|situation*|phénomène*|incident*|panne*|défaillance*|épisode*) [totalement|tout à fait|absolument|parfaitement|complètement] (imprévisible*|inédit*|sans précédent)',
      '(affluence|demande|afflux|volume|fréquentation|trafic|nombre d\'appels) (exceptionnel*|record|sans précédent|inédit*|inattendu*|massif|massive|hors norme*|extraordinaire)',
      "(personne|nul|aucune entreprise|aucune société|aucun acteur|aucun opérateur|aucun d'entre nous) (ne pouvait|ne pourrait|n'aurait pu|n'aurait pas pu|ne peut|n'avait pu) [*] (prévoir|anticiper|empêcher|éviter|imaginer)",
      'nous ne (pouvions|pouvons|pourrions) (pas|en aucun cas|nullement) (prévoir|anticiper|empêcher|éviter|imaginer)',
      "(n'aurions|n'avions) (pas pu|pu|jamais pu|en aucun cas pu) (prévoir|anticiper|empêcher|éviter)",
      '(impossible|difficile) (à|de) (prévoir|anticiper)',
      'force majeure',
      '(ne dépend|ne dépendait|ne dépendent|ne dépendaient|ne relève|ne relevait) (pas|nullement|en rien|aucunement) de nous',
      "(nous avons|nous avions|nos équipes ont|notre équipe a|nos salariés ont|l'entreprise a) (respecté|suivi|appliqué) (toutes les|l'ensemble des|chacune des|tous les|toutes nos|tous nos|l'intégralité des) [*] (procédure*|norme*|règle*|réglementation*|protocole*|consigne*|obligation*|exigence*)",
      '(conforme*|conformément|en conformité|en totale conformité|en parfaite conformité) (à|aux|avec) [la|les|toutes les|l\'ensemble des] (norme*|réglementation*|règle*|législation|loi*|exigence*|standard*)',
      '(nos|les) procédures (ont été|avaient été) (respectées|suivies|appliquées)',
      "(touche|concerne|affecte|frappe|touchant|concernant|affectant|frappant) (l'ensemble du|tout le|l'ensemble de la|toute la) (secteur|marché|profession|filière|industrie)",
      'pour (notre|ma) défense',
      '(sorti*|extrait*|pris|prises) (de|hors de) (leur|son) contexte',
      "notre intention (n'a|n'était|n'avait) [jamais|pas|nullement|en aucun cas] [été] (de|d')",
      "(ce n'était|ce n'est|il n'a jamais été|il n'était) (pas|jamais|nullement|en aucun cas) (notre|dans notre) intention",
      "nous n'avons (jamais|pas|en aucun cas) (voulu|cherché à|eu l'intention de) (blesser|choquer|offenser|heurter|vexer)",
      '(se voulait|se voulaient|voulait être|devait être) (drôle*|décalé*|humoristique*|léger*|légère*|provoc*|ironique*|second degré)',
      '(cyberattaque|cyber attaque|attaque|attaque informatique) [très|extrêmement|particulièrement|hautement] (sophistiquée*|d\'une grande sophistication)',
    ],
  },
  {
    rule: 'blame',
    severity: 'WARNING',
    message: 'Blames someone else: own the problem instead.',
    patterns: [
      "(n'est|n'était|n'a été|ne sont|n'étaient) (pas|nullement|en rien|aucunement|absolument pas|en aucun cas) [de] (notre|ma) faute",
      'nous ne sommes (pas|nullement|en rien|aucunement|en aucun cas) (responsable*|fautif*|en cause|à blâmer|à l\'origine)',
      "nous n'y sommes pour rien",
      "(notre responsabilité|la responsabilité de l'entreprise) (n'est|ne saurait être) (pas|nullement|en rien|aucunement) (engagée|en cause)",
      'aucune faute de notre part',
      'ne nous (est|sont) (pas|nullement|en rien|aucunement) (imputable*|attribuable*)',
      '(n\'est|n\'était|ne sont) (pas|nullement|en rien) (imputable*|attribuable*) (à|aux) (notre|nos|la société|l\'entreprise|nous)',
      'la faute (à|au|aux)',
      `la faute (à|au|aux|de|d'|du|des) [${DET}] [*] [*] ${TIERS}`,
      "(la faute|la responsabilité|l'erreur) [(de|d'|du|des|pour) [*] [*] [*]] (incombe|revient|incombait|revenait|est imputable) [entièrement|totalement|exclusivement|pleinement] (à|au|aux)",
      `${CAUSE_PAR} (à|au|aux|par) [${DET}] [*] [*] ${TIERS}`,
      `(à cause|en raison|à la suite|du fait) (de|d'|du|des) [${DET}] [*] [*] ${TIERS}`,
      `suite (à|au|aux) [${DET}] [*] [*] ${TIERS}`,
      `${PANNE} (de|d'|du|des|chez|côté|de la part de|de la part d'|de la part du) [${DET}] [*] [*] ${TIERS}`,
      `(trouve son origine|a son origine|prend sa source|provient|proviennent|vient|viennent|venait|résulte|résultent|découle|découlent|est partie|est parti) (chez|de|d'|du|des) [${DET}] [*] [*] ${TIERS}`,
      `${TIERS} [*] [*] (a|ont) (subi|connu|rencontré|eu) (un|une|des)`,
      `(fourni*|livré*|fabriqué*|installé*|géré*|exploité*|opéré*|développé*|conçu*|commis*|fait|faite*|causé*|provoqué*) par [${DET}] [*] [*] ${TIERS}`,
      'erreur humaine',
      "(d'un|d'une|un|une) (salarié*|collaborat*|employé*|agent*|technicien*|stagiaire*) (isolé*|malveillant*|indélicat*|peu scrupuleux)",
      `${PERSONNES} (qui n'ont pas|qui n'avaient pas|n'ayant pas) (respecté*|suivi*|lu|mis à jour|installé*|vérifié*)`,
      '(mauvaise|une mauvaise) (utilisation|manipulation) (de la part|des|par les) (clients|utilisateurs|usagers)',
      'utilisation non conforme',
    ],
    except: [
      "(la faute|la responsabilité|l'erreur) [(de|d'|du|des|pour) [*] [*] [*]] (incombe|revient|incombait|revenait|est imputable) [entièrement|totalement|exclusivement|pleinement] (à|au|aux) (nous|notre direction|la direction)",
      'erreur humaine (de notre part|dont nous assumons)',
      "(pas|n'est pas|n'était pas) (une|d'une) erreur humaine",
    ],
  },
  {
    rule: 'non-apology',
    severity: 'WARNING',
    message: 'Non-apology: apologise for what you did, not for how people feel or "any inconvenience".',
    patterns: [
      `${EXCUSE} [nous|moi] si [(vous|certains|certaines|quelqu'un|des personnes|certains d'entre vous|nos clients|d'aucuns) (avez été|ont été|a été|êtes|sont|se sont sentis|se sont senti*|vous êtes senti*|avez pu être|ont pu être|s'est senti*) ${SENTI}]`,
      `si (vous|certains|certaines|quelqu'un|des personnes|certains d'entre vous|nos clients|d'aucuns) (avez été|ont été|a été|vous êtes senti*|se sont senti*|avez pu être|ont pu être|s'est senti*) ${SENTI_FORT}`,
      `si (nos|notre|ce|cette|ces|mes|mon) [*] (a|ont|avait|avaient) [pu] (blessé*|blesser|choqué*|choquer|heurté*|heurter|offensé*|offenser|froissé*|froisser|vexé*|vexer)`,
      `${EXCUSE} (que|qu') ${QUI_SUJET} [vous|se] (ayez|aient|ait|soyez|soient|soit|puissiez|puissent) [pu] [vous|se|être] (ressenti*|perçu*|vécu*|interprété*|compris|pris|trouvé*|sentir|senti*|${SENTI})`,
      `${EXCUSE} (que|qu') (cela|ce message|notre message|nos propos|notre publication|notre publicité|notre campagne|ceci|ce tweet|notre tweet) (ait|aient) [pu] (blesser|choquer|heurter|offenser|froisser|vexer|déranger|déplaire)`,
      `${EXCUSE} [sincèrement|profondément|vivement] [auprès de|à|pour|envers] ${QUI} (qui|que) ${CONDITIONNEL} ${SENTI}`,
      `${EXCUSE} [sincèrement|profondément|vivement] [auprès de|à|pour|envers] ${QUI} qui (ont été|sont|étaient|seraient|a été|est) ${SENTI_FORT}`,
      `${EXCUSE} [sincèrement|profondément|vivement] [pour|de] (toute|tout|tous|toutes|d'éventuels|d'éventuelles|les éventuels|les éventuelles) [*] ${GENE} ${CAUSEE}`,
      `${EXCUSE} [sincèrement|profondément|vivement] (pour|de) (la|les|cette|ce|ces) (gêne*|désagrément*|inconvénient*|dérangement*|confusion|incompréhension*|malentendu*) ${CAUSEE}`,
      `(la|les|toute|tout|toutes) (gêne*|désagrément*|inconvénient*|dérangement*) (occasionné*|éventuel*|que (cela|ceci|cette situation|nous) [*] (a|aurait|ait|auraient|ont|aient) pu (causer|occasionner|provoquer|engendrer|entraîner))`,
    ],
  },
  {
    rule: 'minimising',
    severity: 'WARNING',
    message: 'Minimises the harm: give the real scale and impact.',
    patterns: [
      `${PETIT_MOT} ${MINEUR}`,
      `${PETIT} ${PETIT_MOT}`,
      '(incident*|cas|événement*|évènement*|erreur*|problème*|fait*) isolé*',
      "(un|le|un très|un si|le très) (nombre limité|petit nombre|nombre restreint|faible nombre|nombre réduit|très petit nombre|nombre très limité|nombre très restreint|nombre infime) (de|d') *",
      "(une|la) (poignée|minorité|infime minorité|infime partie|petite minorité|petite partie|infime fraction) (de|d'|des)",
      '(seul*|seulement|uniquement|juste) (quelques|une poignée|un petit nombre|une minorité|une infime)',
      `(seul*|seulement|uniquement|à peine|tout juste|juste) # [*] (${PERSONNES}|%|pour cent)`,
      "(que|qu') (quelques|une poignée|une infime|une minorité|un petit nombre|un nombre limité)",
      'quelques * seulement',
      '(moins de|à peine|pas plus de) # (%|pour cent)',
      "(l'immense|la grande|la très grande|l'écrasante|la vaste) majorité (de|des|d') [nos|notre|la|les] [*] [*] (n'a|n'ont|n'est|ne sont|n'a jamais|n'ont jamais) [pas] [été] (touché*|concerné*|impacté*|affecté*)",
      '(impact*|conséquence*|effet*|incidence*) (limité*|minime*|négligeable*|marginal*|marginaux|faible*|très limité*|réduit*|mineur*)',
      'sans (gravité|réelle conséquence|grande conséquence|véritable conséquence|réelle gravité|grande importance)',
      "(tempête dans un verre d'eau|pas de quoi s'alarmer|pas de quoi s'inquiéter|aucune raison de s'inquiéter|pas lieu de s'inquiéter|rien de grave|rien d'alarmant|rien de bien grave|pas si grave|réaction excessive|réactions excessives|polémique inutile|beaucoup de bruit pour rien)",
      "(c'était|c'est|il s'agissait|il s'agit|ce n'était|ce n'est) [que|qu'] (de l'humour|une blague|une plaisanterie|du second degré|de l'ironie|un trait d'humour|pour rire|une boutade)",
      '(juste|simplement|seulement) (une blague|une plaisanterie|de l\'humour|pour rire)',
      `(certains|quelques|plusieurs) [de nos|des] ${PERSONNES} (ont pu|auraient pu|pourraient avoir) (constater|rencontrer|subir|connaître|remarquer|observer|être touché*|être concerné*|être impacté*|être affecté*|être gêné*)`,
    ],
    except: [
      `${NEGATION} ${PETIT_MOT} ${MINEUR}`,
      `${NEGATION} ${PETIT} ${PETIT_MOT}`,
      `${NEGATION} (incident*|cas|événement*|évènement*|erreur*|problème*|fait*) isolé*`,
    ],
  },
  {
    rule: 'minimising',
    severity: 'INFO',
    message: 'Conditional wording doubts the harm: say who was affected ("les clients concernés…").',
    patterns: [
      'si vous (avez été|aviez été|avez pu être|étiez) [*] (concerné*|impacté*|touché*|affecté*|gêné*)',
      'si vous avez (rencontré|constaté|subi|eu) (un|une|des|le moindre|la moindre) [*] (problème*|difficulté*|souci*|désagrément*|gêne|retard*|dysfonctionnement*)',
    ],
  },
  {
    rule: 'passive-evasion',
    severity: 'INFO',
    message: 'Passive voice hides who did it: say "nous avons commis…", "nous avons décidé…".',
    patterns: [
      `des ${ERREURS} ${FURENT}`,
      `des ${ERREURS} se sont (produit*|glissé*)`,
      '(une erreur|une faute|une maladresse) (a été|aurait été|a pu être) (commise|faite)',
      '(passé*|glissé*|tombé*) entre les mailles du filet',
      '(des|les) (leçons|enseignements) (seront|vont être|ont été|doivent être|devront être) tiré*',
      "il (a été|avait été|fut) (décidé|convenu|jugé|choisi) (de|d'|que|qu')",
      '(il y a eu|il y aurait eu|il a pu y avoir) [des|quelques|certaines] (erreurs|fautes|maladresses|manquements|ratés|couacs)',
      "des mesures (sont|ont été|seront|vont être|sont en train d'être) prises",
    ],
    // Nommer l'auteur n'est pas de l'évasion (quand c'est un tiers, la règle blame s'en charge).
    except: [`des ${ERREURS} ${FURENT} par`, '(une erreur|une faute|une maladresse) (a été|aurait été|a pu être) (commise|faite) par'],
  },
  {
    rule: 'legal-risk',
    severity: 'WARNING',
    message: 'Legal risk: have legal review this wording before publishing.',
    patterns: [
      '(notre|la|toute|l\'entière|une|sa|leur) [entière|pleine|totale|seule] responsabilité (juridique|pénale|civile|légale)',
      '(nous avons été|avoir été|nous étions) (négligent*)',
      '(nous avons fait preuve de|avoir fait preuve de|nous avons commis une|avoir commis une) (négligence|faute grave|faute lourde)',
      'négligence de notre part',
      'nous (avons enfreint|avons violé|avons bafoué) la loi',
    ],
  },
];
