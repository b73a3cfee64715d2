// English statement-lint rules, as data: phrase templates per rule (syntax at the top of lint.ts).
import type { LintRule } from './lint';

/** Someone outside the company the statement could point at. */
const OUTSIDER =
  '(bank|banks|airport*|airline*|insurer*|landlord*|supplier*|vendor*|partner*|contractor*|subcontractor*|sub contractor*|provider*|third part*|carrier*|courier*|manufacturer*|franchisee*|distributor*|outsourc*|agency|agencies|subsidiar*|host|hosting company)';
/** What may stand before that outsider: "a", "our", "one of our" (then up to two words: "third-party cloud"). */
const OUTSIDER_DET = '(a|an|the|our|one of our|one of the|its|their|this|that|external) [*] [*]';
const CAUSE = '(due to|caused by|because of|the result of|a result of|down to|attributable to|triggered by|the fault of|blamed on)';
const FAILURE =
  '(failure*|error*|mistake*|outage*|fault*|issue*|problem*|negligence|breach*|glitch*|bug*|incident*|oversight*|delay*|disruption*)';
const HURT_FEELINGS = '(offended|upset|hurt|distressed|uncomfortable|offence|offense|insulted|misled|let down|disrespected|excluded|left out|overlooked|targeted)';
const UPSET_FEELINGS = '(offended|upset|distressed|uncomfortable|insulted)';
const WHO =
  '(anyone|anybody|any of you|you|someone|some of you|some|others|those|everyone|[some|many|certain|a few|any|all|our] [of our|of the] (people|fans|customers|users|members|players|followers|readers|viewers|guests|parents|supporters|clients|passengers|employees|staff|listeners|residents))';
const CONDITIONAL_BE = '(may have been|might have been|could have been|may have felt|might have felt|felt|feel|were left feeling|may feel|might feel)';
const APOLOGY = '(sorry|apologi*|apologies|regret*)';
const INCONVENIENCE =
  '(inconvenience*|confusion|distress|upset|frustration|disappointment|offence|offense|harm|hurt|discomfort|trouble|disruption|misunderstanding*|difficulties|concern)';
const MAY_HAVE_CAUSED = '[(this|that|it|which|we|the situation|this situation) (may|might|could) have caused|caused|this has caused|that was caused]';
const SMALL = '(minor|slight|small|tiny|little)';
const SMALL_THING =
  '(issue*|problem*|incident*|glitch*|hiccup*|blip*|inconvenience*|error*|mistake*|oversight*|delay*|disruption*|interruption*|outage*|technical issue*|technical problem*|misunderstanding*|setback*|mix up*|damage|injuries|leak*|breach*)';
const NOT_A = '(not|never|hardly|far from|was no|is no|no) (a|an|just a|merely a|simply a|only a|just an|merely an|simply an|only an)';
const PEOPLE = '(customers|users|clients|passengers|guests|members|people|accounts|orders|patients|cases|subscribers|travellers|travelers|stores|sites|homes|households)';
const MISTAKES =
  '(mistakes|errors|misjudgements|misjudgments|missteps|wrong decisions|bad decisions|poor decisions|errors of judgement|errors of judgment|a mistake|an error|the mistake|the error)';
const BE_MADE = '(were|have been|had been|may have been|might have been|was|has been) (made|taken|committed)';

export const EN_RULES: readonly LintRule[] = [
  {
    rule: 'excuse',
    severity: 'WARNING',
    message: 'Sounds like an excuse: say what went wrong and what you are doing about it.',
    patterns: [
      '(beyond|outside|outside of|out of) (our|anyone\'s|the company\'s) (control|hands)',
      '(unforeseen|unforeseeable|unpredictable|exceptional|extraordinary) (circumstances|events|conditions)',
      '(unprecedented|exceptional|unusually high|extraordinary|unexpectedly high|record) (demand|volume*|call volume*|levels of demand|traffic)',
      '(could not|couldn\'t|could never|cannot|can\'t) have [been] (foreseen|anticipated|predicted|prevented|avoided|known)',
      '(no one|nobody|no company|no organisation|no organization|no business|no one else) could have (foreseen|anticipated|predicted|prevented|avoided|known|stopped)',
      '(impossible|no way) to (foresee|predict|anticipate)',
      '(is|was|are|were) (not|no longer) (up to us|in our hands)',
      '(isn\'t|wasn\'t|aren\'t|weren\'t) (up to us|in our hands)',
      '(we|our team|our teams|our staff|the company|our people) (followed|complied with|respected|adhered to|met) (all|every) [the|of the] [relevant|applicable|required|necessary|standard|safety] (procedure*|protocol*|rule*|regulation*|guideline*|standard*|process*|law*|requirement*)',
      '(fully|entirely|completely) compliant with',
      'in (full|complete) compliance with',
      'in line with (industry|sector) (standards|practice|best practice|norms)',
      'industry wide (issue|problem|outage|shortage|challenge)',
      '(issue|problem|shortage|challenge|outage) (is|was) industry wide',
      '(affects|affected|affecting|facing|hitting) (the whole|the entire|every company in the) (industry|sector|market)',
      'in (our|my) (defence|defense)',
      '(taken|quoted|reported) out of context',
      '(never|not) (our|my|the) intention to',
      '(we|i) (never|did not|didn\'t) (intend|mean|meant) to (offend|upset|hurt|cause)',
      '(was|were) (meant|intended) (to be|as) (a joke|playful|funny|humorous|humour|humor|light hearted|lighthearted|ironic|tongue in cheek|satire|satirical|a bit of fun|harmless fun)',
      '(force majeure|act of god|acts of god)',
      '(sophisticated|highly sophisticated|state sponsored) (cyber attack*|cyberattack*|attack*|criminals|hackers)',
    ],
  },
  {
    rule: 'blame',
    severity: 'WARNING',
    message: 'Blames someone else: own the problem instead.',
    patterns: [
      '(not|never|in no way|by no means) [entirely|solely|really|in any way] (our|my|the company\'s) fault',
      '(isn\'t|wasn\'t|aren\'t|weren\'t|isnt|wasnt) [entirely|solely|really|in any way] (our|my) fault',
      'no fault of (our own|ours)',
      '(we are|we\'re|we were|the company is|the company was) (not|in no way) (responsible|to blame|at fault|liable)',
      `${CAUSE} ${OUTSIDER_DET} ${OUTSIDER}`,
      `(originated|originates|stemmed|stems|came|comes|started|starts|began|begins) (with|at|from|in) ${OUTSIDER_DET} ${OUTSIDER}`,
      `${FAILURE} (at|by|of|with|from|on the part of) ${OUTSIDER_DET} ${OUTSIDER}`,
      `${OUTSIDER} (experienced|suffered|had|reported) (a|an|some) [*] ${FAILURE}`,
      `(supplied|provided|made|manufactured|delivered|installed|operated|run|managed|built|hosted) by ${OUTSIDER_DET} ${OUTSIDER}`,
      '(the blame|the fault|responsibility|the responsibility) [(for|of) [*] [*] [*]] (lies|rests|lay|rested) [entirely|squarely|solely|firmly] with',
      '(human|staff|employee|operator|user|customer) error',
      '(a|one|an) (rogue|single|individual|junior|former|temporary) (employee|member of staff|staff member|worker|agent|contractor|team member)',
      `${PEOPLE} (who|that) (did not|didn't|failed to|do not|don't|chose not to) (follow|read|update|respect|comply|check)`,
      "(is|was|'s) (the|their|his|her) [*] (*'s|*s') fault",
    ],
    except: [
      '(the blame|the fault|responsibility|the responsibility) [(for|of) [*] [*] [*]] (lies|rests|lay|rested) [entirely|squarely|solely|firmly] with (us|me|our company|our leadership|our management|our board)',
      '(human|staff|employee) error on our part',
      '(not|wasn\'t|isn\'t|was not|is not) [a|an] (human|staff|employee) error',
    ],
  },
  {
    rule: 'non-apology',
    severity: 'WARNING',
    message: 'Non-apology: apologise for what you did, not for how people feel or "any inconvenience".',
    patterns: [
      `${APOLOGY} [deeply|sincerely|truly] if [${WHO} (was|were|felt|has been|have been|may have been|might have been|is|are) [*] ${HURT_FEELINGS}]`,
      `if ${WHO} (was|were|felt|has been|have been|may have been|might have been) [*] ${UPSET_FEELINGS}`,
      `if (our|my|the|this|these) [*] (offended|upset|hurt|caused offence|caused offense|caused any offence|caused any offense) [anyone|you|people|some|any of you]`,
      `${APOLOGY} [that] ${WHO} (feel|felt|may feel|might feel|were offended|are offended|was offended|were upset|are upset|were disappointed|are disappointed|took offence|took offense|perceived|interpreted|may have felt|might have felt|may have experienced|might have experienced)`,
      `${APOLOGY} [deeply|sincerely|truly] (to|for|towards) (anyone|anybody|any of you|those|people|all those|those of you|any customers|any customer) (who|that) ${CONDITIONAL_BE} [*] ${HURT_FEELINGS}`,
      `${APOLOGY} [deeply|sincerely|truly] (to|for|towards) (anyone|anybody|any of you|those|people|all those|those of you|any customers|any customer) (who|that) (was|were|are|is|took) [*] ${UPSET_FEELINGS}`,
      `${APOLOGY} [deeply|sincerely|truly] [for] any [*] ${INCONVENIENCE} ${MAY_HAVE_CAUSED}`,
      `${APOLOGY} [deeply|sincerely|truly] [for] the (inconvenience*|confusion|misunderstanding*) ${MAY_HAVE_CAUSED}`,
      `any [*] ${INCONVENIENCE} (this|that|it|which|we|the situation|this situation) (may|might|could) have caused`,
    ],
  },
  {
    rule: 'minimising',
    severity: 'WARNING',
    message: 'Minimises the harm: give the real scale and impact.',
    patterns: [
      '(a|only a|just a) (small|limited|tiny|very small|very limited|low|relatively small) number of *',
      '(a|only a|just a) handful of',
      '(a|only a|just a) (tiny|small|very small) (fraction|minority|percentage|proportion|subset)',
      `${SMALL} ${SMALL_THING}`,
      '(brief|momentary|short|temporary) (glitch*|hiccup*|blip*|inconvenience*|setback*|delay*)',
      '(brief|briefly|momentary|momentarily) (interruption*|interrupted|outage*|disruption*|disrupted|unavailable|unavailability)',
      '(glitch*|hiccup*|blip|blips)',
      '(isolated|one off) [*] (incident*|case*|event*|issue*|error*|mistake*|occurrence*|problem*)',
      '(only|just|merely|barely) (a few|a couple|a small|a tiny|a fraction|a minority|a limited|a single)',
      `(only|just|merely|barely) # [*] [*] (${PEOPLE}|%|percent|per cent)`,
      '(less than|fewer than|under) # (%|percent|per cent)',
      '(the vast|the overwhelming|the great|an overwhelming|a vast) majority of [our|the] [*] [*] (were|are|was|have been|has been|remain|remained|will be) (unaffected|not affected|not impacted|unimpacted)',
      '(minimal|limited|negligible|marginal|little|no significant|no real|no major|no lasting) (impact|effect|disruption|harm|damage|consequences)',
      '(just|only|merely|simply|nothing more than) (a|an) (joke|misunderstanding|bit of fun|prank|mistake|oversight|error|typo|technicality)',
      '(a|an) (simple|mere|innocent|honest) (misunderstanding|mistake|oversight|error|typo|joke)',
      '(blown out of proportion|storm in a teacup|not a big deal|no big deal|nothing to worry about|no cause for alarm|no cause for concern|overreaction|over reaction|overreacting)',
      `(some|a few|certain) [of our|of the] ${PEOPLE} (may|might) have (experienced|noticed|seen|had|encountered|faced|been affected|been impacted)`,
    ],
    except: [
      `${NOT_A} [*] ${SMALL} ${SMALL_THING}`,
      `${NOT_A} (isolated|one off) [*] (incident*|case*|event*|issue*|error*|mistake*|occurrence*|problem*)`,
      `${NOT_A} (simple|mere|innocent|honest) (misunderstanding|mistake|oversight|error|typo|joke)`,
      '(not|never|was not|is not|wasn\'t|isn\'t) (just|only|merely|simply|nothing more than) (a|an) (joke|misunderstanding|bit of fun|prank|mistake|oversight|error|typo|technicality)',
    ],
  },
  {
    rule: 'minimising',
    severity: 'INFO',
    message: 'Conditional wording doubts the harm: say who was affected ("customers who were affected…").',
    patterns: [
      'if you (were|have been|had been|may have been|might have been) [*] (affected|impacted|inconvenienced)',
      'if you (experienced|encountered|had|faced|noticed) (any|an|a) [*] (issue*|problem*|difficult*|disruption*|delay*|inconvenience*)',
    ],
  },
  {
    rule: 'passive-evasion',
    severity: 'INFO',
    message: 'Passive voice hides who did it: say "we made…", "we decided…".',
    patterns: [
      `${MISTAKES} ${BE_MADE}`,
      '(fell|slipped|falls|slips|fallen|slid|fall|slip) through the (cracks|net)',
      'the ball (was|has been|got) dropped',
      'lessons (will be|have been|are being|must be|would be|shall be|will have been) (learned|learnt)',
      '(it was|it has been|it had been) (decided|agreed|determined) (to|that)',
      'there (were|have been|has been|was) [some|a few|a number of|several] (mistakes|errors|missteps|failings|failures)',
      '(steps|measures|action) (are being|have been|will be|were|is being) taken',
    ],
    // Naming who made the mistakes is not evasive (when someone else is named, that is blame's business).
    except: [`${MISTAKES} ${BE_MADE} by`],
  },
  {
    rule: 'legal-risk',
    severity: 'WARNING',
    message: 'Legal risk: have legal review this wording before publishing.',
    patterns: [
      '(admit|admits|admitted|admitting|accept|accepts|accepted|accepting) [full|all|any] [legal] liability',
      '(we are|we\'re|we were|the company is|we may be) [fully|legally|entirely] liable',
      '(we|our staff|our team|the company|our employees) (were|was|have been|has been) negligent',
      '(negligence|gross negligence) on our part',
      '(admit|acknowledge|accept) [our] [gross] negligence',
      '(we|the company) (broke|breached|violated) the law',
    ],
  },
];
