// Word lists for the rules, compiled once. Global (g) patterns are only used with String.matchAll.
import type { Cause } from '../types.ts';

/**
 * Page furniture and link lists: never part of the story. Kept here, not in config/knowledge: it is read
 * on raw lines before the text is split into words (a line that starts with "•", "home »", "image:"),
 * and says how a web page is laid out, not what a story means; a domain expert has nothing to add to it.
 */
export const CLUTTER_LINE =
  /^(related|read more|see also|more on|also read|join our|thank you for|please refresh|sign up|subscribe|advertisement|skip to|home »|•|share this|follow us|image:|photo:|credit:|copyright|more from)/i;




// The negative cues of labelling.md (scam, warning, investigation, private firm, policy, outage, no data
// taken, public-body words), the foreign places and the bodies that act (ICO, NCA...) are data:
// config/knowledge/negatives.yaml, places.yaml and mentions.yaml.

/** Words after a body's name that make it the actor, not the victim ("police arrest", "ICO investigating"). */
export const ACTOR_AFTER =
  /^\W{0,3}(?:said|says|confirmed)\s+(?:that\s+)?(?:a|an|the|two|three|four|\d+)\b[^.;]{0,80}?\b(?:had been|has been|have been|was|were)\s+(?:arrested|charged|detained|questioned|convicted|bailed|released on bail)\b|^\W{0,3}(?:and (?:the )?(?:[A-Z][\w'’-]*\s+){1,5})?(?:(?:[\w-]+\s+){0,3}?(?:unit|team|squad|branch|command|division|detectives|officers|investigators)\s+)?(?:(?:said|says|confirmed|confirms)\s+(?:that\s+)?(?:it|they)\s+)?(?:(?:is|are|has|have|was|were|said it was|said they were|says it is|have been|had been|has been|had)\s+)?(?:arrest\w*|detain\w*|investigat\w*|prob\w*|charg\w*|warn\w*|urg\w*|advis\w*|appeal\w*|launch\w* an? (?:investigation|inquiry)|issued|raid\w*|seiz\w*|dismantl\w*|took down|tak(?:es|en|ing) down|shut(?:s|ting)? down|disrupt\w*|unmask\w*|sanction\w*|smash\w*|busted)\b/i;
/** Words before a body's name that make it an object, not the breached body ("complaints against the Met"). */
export const OBJECT_BEFORE =
  /\b(?:fake|bogus|posing as|pretending to be|impersonating|no (?:connection|link) (?:to|with)|not (?:connected|linked|related) to|unrelated to|confused with|mistaken for|(?:pretend(?:s|ing)?|purport(?:s|ing)?|claim(?:s|ing)?|appear(?:s|ing)?) to (?:come |be )?from|against|about|oversees|overseeing|oversee|complain(?:ed|ts?)? about|reported (?:it |this |the \w+ )?to|notified|informed|contacted|told|(?:arrested|charged|investigated|detained|prosecuted|raided|questioned|interviewed|caught|stopped|reported|notified|supported|helped) by(?: the)?|working with|alongside|partnered with|on behalf of|according to|referred itself to|in contact with|(?:reported|referred|notified|informed)\b[^.;]{0,60}\b(?:to|and))\s+(?:the\s+)?(?:[\p{L}]+['’]s\s+)?$/iu;


/**
 * Cause rules, most specific first: at one position of the text the first rule that matches wins, and each
 * rule counts once per sentence (weight × the sentence's zone weight). `weight` < 1 marks generic wording
 * ("a mistake", "an attack") that should only decide when nothing more specific is said.
 */
export const CAUSE_RULES: readonly { cause: Cause; re: RegExp; label: string; weight?: number }[] = [
  { cause: 'ransomware', re: /\b(ransomware|ransom (?:demand|note|payment|gang|group)|encrypted (?:files|systems|servers|its servers)|encrypting (?:its |their |the )?(?:servers|systems|files)|LockBit|Rhysida|Qilin|BlackCat|Akira|Medusa|Vice Society|DoppelPaymer|Pysa|Clop)\b/i, label: 'ransomware' },
  {
    cause: 'misconfiguration',
    re: /\b(configuration (?:error|mistake|fault)|misconfigur\w*|mis-configur\w*|(?:settings?|permissions?|access) (?:error|mistake|setting|change|fault)|setting (?:was )?changed|left (?:wide )?(?:accessible|exposed|open|unsecured|unprotected)|wide open|open (?:online|on the (?:web|internet))|sat unprotected|(?:never|not) (?:properly )?secured|open network|publicly (?:accessible|available|visible|viewable)|(?:accessible|viewable|visible|available|open|reachable|watched|viewed) (?:online )?(?:to|by) (?:anyone|everyone|the public|other users)|reachable from the (?:open )?internet|internet-facing|public-facing server|(?:with|needed|needing|requiring|required) no (?:login|log-in|password|authentication)|without (?:any |a )?(?:password|login|log-in|authentication)|no password|login disabled|unsecured (?:server|database|bucket|cloud)|(?:storage|cloud) bucket|made (?:access to )?[\w ]{0,30}public|access settings|(?:changing|altering|changed|altered) a (?:reference )?number in|insecure direct object|(?:were|was|being) shown (?:the )?(?:\w+ )?(?:for |of |belonging to )?(?:other|another|strangers|someone)|(?:see|view|open|read) (?:the )?(?:\w+ )?(?:of |belonging to |submitted by |uploaded by )?(?:other (?:people|users|patients|residents|households|applicants|drivers|tenants|customers)|strangers|someone else)|(?:fault|flaw|glitch|bug) in (?:its |the |their |a )?(?:\w+ ){0,3}(?:system|portal|website|site|app|service|account)|(?:portal|website|system|data) (?:fault|flaw|glitch)|(?:wrongly|incorrectly) (?:linked|merged|matched)|record merging)\b/i,
    label: 'misconfiguration',
  },
  {
    cause: 'insider',
    re: /\b(insider|snoop\w*|(?:no |without (?:any |a )?)(?:lawful|legitimate|policing|business|clinical|work|professional|genuine|good) (?:business )?(?:reason|purpose)|without (?:any |a )?(?:reason|authority|authorisation)|no reason to (?:look|view|access|see|do so|deal)|out of curiosity|for personal reasons|(?:looked|looking|look) (?:up|at) (?:the )?(?:[\w'’-]+ ){0,4}(?:records?|files?|histories|details|benefits)|looked (?:him|her|them|people) up|ran checks|(?:carried out|made|ran) (?:\w+ )?(?:searches|checks) on|searches of (?:the )?(?:\w+ )?records|misused|misuse of|abused (?:a |his |her |their )?(?:position|access)|used (?:its|his|her|their) access|unlawfully (?:accessed|accessing|obtained|obtaining|searching|searched|viewing|viewed)|former (?:employee|officer|staff member) (?:accessed|took|stole)|rogue (?:employee|officer|worker|member of staff)|computer misuse act|section 170|gross misconduct|misconduct (?:hearing|panel|meeting)|barred list|deliberately shar\w*)\b/i,
    label: 'insider misuse',
  },
  {
    cause: 'human_error',
    re: /\b(human error|internal error|honest mistake|error of judgement|(?:wrongly|accidentally|mistakenly|inadvertently|erroneously|incorrectly) (?:shared|sent|disclosed|published|released|emailed|uploaded|included|made|attached|posted|copied|added|put)|(?:in|by) (?:error|mistake)|misdirected|(?:sent|posted|emailed|went|delivered|forwarded) to (?:the )?(?:wrong|old|previous|incorrect|former) (?:\w+ )?(?:recipients?|address(?:es)?|people|person|homes?|families|practice|surgery|email)|wrong (?:recipients?|address(?:es)?|person|people|distribution list|mailing list|email address|schools?|hospitals?|firms?|company|organisation|councils?|team|department|office)|meant for (?:other|another|someone)|cc['’]?d|carbon cop(?:y|ied)|blind[- ]cop\w*|(?:cc|bcc) (?:e-?mails?|messages?|blunder|error)|bcc|(?:to|cc|bcc)["”'’]? (?:field|line|box)|copying in|all recipients|recipients? (?:were |was )?visible|reply(?:ing)? to all|mail[- ]merge|(?:not|never) (?:been |being )?(?:properly )?(?:redacted|anonymised|checked)|unredacted|without (?:being )?(?:redact|anonymis)\w*|should have been (?:redacted|removed|anonymised|sent individually)|redaction|hidden (?:tabs?|data|columns?|sheets?|worksheets?)|pivot table|(?:FOI|freedom of information) (?:response|request|reply|release|answers?|disclosure)|administrative error|clerical error|out-of-date (?:extract|list|records)|(?:email|emailing|data|FOI|mailing|printing|disclosure|records) (?:mix-up|blunder|error|slip|gaffe)|attached the wrong)\b/i,
    label: 'human error',
  },
  {
    cause: 'loss_theft',
    re: /\b((?:lost|losing|mislaid|missing|stolen) (?:\w+ ){0,3}(?:laptops?|usb(?: sticks?)?|memory sticks?|devices?|footage|documents|papers|phones?|hard drives?|files|bags?|notebooks?|tablets?|folders?|discs?|DVDs?|CDs?|videos?|recordings|case files)|(?:laptops?|tablets?|notebooks?|devices?|phones?|bags?|files|folders?|papers|documents|discs?|DVDs?|CDs?|memory sticks?|USB sticks?)\b[\w'’ ,]{0,40}\b(?:(?:was|were|had been|has been|have been) (?:taken|found)|(?:(?:was|were|had been|has been|have been) )?(?:lost|stolen|mislaid))|loss of (?:\w+ ){0,3}(?:data|footage|evidence|discs?|DVDs?|CDs?|records|clips|videos?|devices?|laptops?|memory sticks?|interviews|recordings)|(?:stolen|taken) (?:from|in|during) (?:a |an |the |his |her |their )?(?:[\w'’-]+ ){0,2}(?:car|vehicle|van|home|house|ambulance|burglary|break-in|office|studio|bag|boot)|theft of|(?:car|vehicle) (?:break-in|theft)|went (?:missing|astray)|never arrived|(?:has|have) not been (?:found|recovered|located)|never (?:been )?(?:found|recovered|located|seen again)|lost for good|gone for good|left (?:[\w'’-]+ ){0,3}?(?:on|in|at|behind on) (?:a |the )?(?:train|bus|taxi|tube|table|street|pub|venue|public transport|car)|left (?:them |it )?behind|found (?:by|in|on|at) (?:a |the )?(?:member of the public|passenger|shopper|resident|passer-by|street|car park|pavement|bus stop)|handed (?:it |them )?(?:in|to (?:police|a local newspaper|the police))|mislaid|burglary at|in a (?:car |house )?(?:burglary|break-in)|unexplained reduction in data)\b/i,
    label: 'loss or theft',
  },
  {
    cause: 'cyber_attack',
    re: /\b(cyber[- ]?attacks?|cyber[- ]?criminals?|hack(?:ed|ers?|ing)?|malware|unauthori[sz]ed (?:access|party|third party)|infiltrat\w*|cyber[- ]?incident|cyber security incident|threat actors?|criminal (?:gang|group)|exfiltrat\w*|phishing attack|compromised (?:accounts?|systems?|servers?|credentials)|(?:criminals|attackers|intruders) (?:got|gained|broke) (?:into|in|access)|(?:got|gained|broke) into (?:its|the|their) (?:\w+ )?(?:network|systems?|servers?))\b/i,
    label: 'cyber attack',
  },
  { cause: 'cyber_attack', re: /\b(attackers|(?:the|an|this|june's|last \w+'s) (?:cyber )?attack|attack on (?:its|the|their) (?:\w+ )?(?:systems?|network|servers?|IT)|(?:data )?security incident|copied from)\b/i, label: 'attack', weight: 0.5 },
  { cause: 'human_error', re: /\b(mistake|blunder|gaffe|mix-up|errors?|slip|spreadsheet|(?:published|posted|put|uploaded) (?:[\w'’-]+ ){0,4}(?:online|on (?:its|the|their) website))\b/i, label: 'mistake', weight: 0.5 },
  { cause: 'insider', re: /\b(sacked|dismissed|suspended|pleaded guilty|(?:ex-|former )partner|searched (?:[\w'’-]+ ){0,4}records|accessed (?:the )?(?:\w+ ){0,3}records|viewed (?:the )?(?:\w+ ){0,3}records|records (?:\w+ ){0,3}(?:were|was|had been) (?:viewed|accessed|looked at))\b/i, label: 'staff access', weight: 0.5 },
  // Round 4: general wording of each cause (bcc, addresses on show, portal faults, account takeovers, footage shared).
  {
    cause: 'human_error',
    re: /\b(without (?:using )?(?:the )?bcc|(?:instead of|rather than|not) (?:using )?(?:the )?bcc|(?:every|each) recipient['’]s|(?:names?|addresses|email addresses|details) (?:\w+ ){0,3}on show|(?:all|every) (?:the )?(?:email )?addresses (?:were )?(?:on show|visible)|published (?:the )?(?:names|details|home addresses|addresses))\b/i,
    label: 'human error',
  },
  {
    cause: 'misconfiguration',
    re: /\b((?:fault|flaw|glitch|bug) in (?:the |its |a )?(?:[\w'’-]+ ){0,3}(?:portal|website|site|system|app|page)|(?:let|allowed|enabled) (?:users|residents|customers|people|applicants|patients|parents|members of the public) (?:to )?(?:see|view|access|download)|showed (?:other|another) (?:people|person|users?|customers?|residents?|applicants?)['’]?s?)\b/i,
    label: 'misconfiguration',
  },
  { cause: 'cyber_attack', re: /\b(account takeovers?|(?:fraudsters|criminals) (?:\w+ ){0,2}(?:got into|took over|accessed|broke into))\b/i, label: 'cyber attack' },
  {
    cause: 'insider',
    re: /\b((?:shared|sent|circulated|passed (?:around|round)|posted) (?:[\w'’-]+ ){0,5}(?:footage|videos?|images|photos|pictures|clips?)\b[\w'’ ,-]{0,40}?\b(?:to (?:friends|family|colleagues|his|her)|in a (?:\w+ )?(?:WhatsApp|group chat|group)|on (?:WhatsApp|Snapchat|social media)))/i,
    label: 'insider misuse',
  },
  {
    cause: 'supplier',
    re: /\b(suppliers?|contractors?|(?:third[- ]party|external|outside) (?:provider|supplier|vendor|company|firm)|vendors?|IT provider|service provider|outsourc\w*|(?:pathology|payroll|mailing|printing|print(?:-and-post)?|software|HR|survey|recruitment|IT services|cloud|hosting) (?:firm|company|provider|contractor|supplier|services company))\b/i,
    label: 'supplier',
  },
];

/** Words that make a sentence naming a supplier part of the breach ("breach at a supplier", "exposed by ..."). */
export const SUPPLIER_CARRIES =
  /\b(?:breach(?:ed|es)?|attack(?:ed|s)?|hack(?:ed|ers?)?|compromise[ds]?|stolen|taken|copied|exposed|leak(?:ed|s)?|security failure|error)\b/i;

/** A supplier mentioned in a sentence only as the one who set up or fixed the body's own system, or the way in. */
export const SUPPLIER_NOT_CAUSE =
  /\b(?:set up|configured|installed|built|fixed|made|changed?) by (?:an? |the |its |their )?(?:external |outside )?(?:\w+ )?(?:supplier|contractor|provider|vendor)|(?:supplier|contractor|provider|vendor)s? (?:had |has )?(?:fixed|set up|configured|installed)|(?:through|via|using) (?:an? |the )?(?:supplier|contractor|provider|vendor)['’]s? (?:\w+ )?(?:account|login|credentials|password)|(?:included|including|and|or|by) (?:external )?(?:staff and )?contractors\b/i;

/** Data types that are about the people themselves: when any is exposed, so (per the labels) are their names. */
export const NAMED_TYPES = /^(?:addresses|contact details|dates of birth|photos|health|criminal-justice|financial|staff records|children|identity documents|special category)$/;
/** Wording that says people's own details or records were involved, when no type is named. */
export const PERSON_DATA = /\b(?:personal (?:data|details|information)|(?:[\w-]+['’] |their |people['’]s )(?:details|records|files|data|information)|identities)\b/i;

export const DATA_TYPES: readonly { type: string; re: RegExp }[] = [
  { type: 'names', re: /\b(names?|surnames?|first initials?|identities|identified|identifiable|named)\b/i },
  // Before addresses: "email addresses", "everyone's address visible" and "sent to the wrong addresses" are not where people live.
  {
    type: 'contact details',
    re: /\b(phone numbers?|telephone numbers?|e-?mail address(?:es)?|contact details|mobile numbers?|(?:personal )?emails? (?:of|visible|exposed|revealed)|(?:everyone|every recipient|each person|all recipients)['’]?s? (?:e-?mail )?address(?:es)?|(?:all |the )?(?:recipients|addresses) (?:were |was |all )?(?:visible|on show|could be seen|in the ["“']?(?:to|cc)))/i,
  },
  { type: 'addresses', re: /\b(?:(?:home|postal|residential|private|current) address(?:es)?|(?<!(?:wrong|old|previous|incorrect|former|other|IP|web|their|the) )addresses|where (?:they|people|he|she|I|we) (?:now )?lives?|flat numbers)\b/i },
  { type: 'dates of birth', re: /\b(dates? of birth|DOB|ages)\b/i },
  { type: 'photos', re: /\b(photos?|photographs?|images of (?:officers|staff|people))\b/i },
  {
    type: 'health',
    re: /\b(medical|health (?:records?|data|information|conditions?|needs|history|problems|notes)|patients?['’]? (?:data|records?|information|details|names|letters)|(?:appointment|clinic|hospital) letters|diagnos\w*|mental health|blood tests?|test results|pathology|prescriptions?|NHS numbers?|clinical|disabilit\w*|care (?:needs|plans?)|support plans|(?:learning|additional) (?:needs|difficulties)|sickness|HIV|sexual health|medication|mobility|extenuating circumstances)\b/i,
  },
  {
    type: 'criminal-justice',
    re: /\b(victims?(?! of| surcharge| statement)|witness(?:es)?|suspects?|offen(?:ders?|ces)|criminal records?|crime (?:data|reports?|records)|complain(?:ts?|ants?) (?:against|about) (?:the )?(?:police|Met|officers?|force)|court (?:records?|lists?)|prisoners?|sexual offences|domestic abuse|intelligence|(?:police|force) (?:records|systems|databases)|custody|murder (?:inquiry|investigation)|criminal (?:cases?|investigations?)|(?:video|criminal|police|interview) evidence|counter-terror\w*)\b/i,
  },
  { type: 'financial', re: /\b(bank (?:details|account)|financial (?:details|information|data)|card details|payment details|salar(?:y|ies)|national insurance numbers?|tax (?:records|details)|benefits? (?:data|claims?|records?)|earnings|council tax (?:bills?|accounts?|records)|direct debit)\b/i },
  {
    type: 'staff records',
    re: /\b(ranks?|grades?|job titles?|staff (?:records|details|data|passes|lists?|names|ID|members['’] details|vetting|sickness)|(?:officers|employees|workforce|personnel)['’]? (?:and staff|personal details|details|data|records|names)|warrant cards?|ID badges|vetting (?:levels?|status|forms|papers)|service numbers|pay numbers?|employee (?:records|details|data|ID)|personnel (?:records|files)|HR (?:records|data|files)|payroll (?:data|details|records|system)|disciplinary|whole workforce|entire workforce)\b/i,
  },
  { type: 'cctv footage', re: /\b(CCTV|surveillance (?:footage|camera)|camera (?:footage|system))\b/i },
  { type: 'bodycam footage', re: /\b(body[- ]?(?:worn )?(?:cam|camera|video)s?(?: footage)?|bodycam)\b/i },
  { type: 'children', re: /\b(children|pupils|child protection|safeguarding|looked-after|schoolchildren|minors)\b/i },
  { type: 'identity documents', re: /\b(passports?|driving licen[cs]es?|identity documents|ID documents|visa)\b/i },
  { type: 'special category', re: /\b(ethnicity|religio\w+|sexual orientation|biometric|immigration status|asylum)\b/i },
];
