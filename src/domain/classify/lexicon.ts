// Word lists for the rules, compiled once. Global (g) patterns are only used with String.matchAll.
import type { Cause } from '../types.ts';

/** Page furniture and link lists: never part of the story. */
export const CLUTTER_LINE =
  /^(related|read more|see also|more on|also read|join our|thank you for|please refresh|sign up|subscribe|advertisement|skip to|home »|•|share this|follow us|image:|photo:|credit:|copyright|more from)/i;

/** A sentence that recalls an earlier or different incident. */
export const BACKGROUND_MARKER =
  /\b(it follows|this follows|(?<!\bwhich )follows (a|an|the|similar|other)\b|comes (weeks |months |days )?after|(is|was) not the first|previously|last year|earlier this year|a string of|a series of|series of similar|similar incidents?|spate of|in the same month|days later|weeks later|as is (now )?usual|in such cases|one involving|other (recent )?(breaches|incidents)|in a separate (incident|case)|meanwhile, (other|another)|reminiscent of|echoes|echoed|(?:drawn |drew |invited |prompted )?comparisons? with|compared (?:it )?(?:with|to) the|(?:bodies|organisations|forces|councils|trusts|cases) such as|has form|unrelated case|not connected to)\b/i;

/** Words that say a breach or attack happened (weak evidence on their own). */
export const BREACH_TERM =
  /\b(data breach(?:es)?|security breach(?:es)?|breach(?:es|ed)?|leak(?:s|ed|ing)?|hack(?:s|ed|ers?|ing)?|cyber[- ]?attacks?|cyber[- ]?incidents?|cyber[- ]?criminals?|ransomware|data (?:loss|theft|incident|exposure)|security (?:lapse|incident|failure)|exposed|unauthori[sz]ed access|compromised|stolen)\b/gi;

/** Words that say personal data actually went somewhere it should not (strong evidence). */
export const EXPOSURE =
  /\b(exposed|exposing|exposure of (?:the )?(?:[\w'’-]+ ){0,3}(?:data|details|information|records|names|footage)|(?:watched|seen|viewed|accessed|reached|reachable|visible|viewable) (?:online )?by anyone|open network|(?:with|without) (?:no |any |a )?password(?! reset)|(?:in error|by mistake|by accident|accidentally|mistakenly|inadvertently)|(?:to|with) (?:the |a )?wrong (?:\w+ )?(?:people|recipients?|person|family|families|address(?:es)?|patients?|parents?|practice|surgery|email|homes?|taxpayers?|group|mailing list|distribution list|version)|meant for (?:someone else|other people|another|other)|intended for (?:a |an |another )|(?:addresses|details|names|numbers) (?:were |was )?(?:visible|on show|shown)|everyone's (?:email )?address|the ["“']?(?:to|cc|To|CC|Cc)["”']? (?:field|line)|(?:showed|revealed|displayed|listed|included|contained|contain|containing|including) (?:the )?(?:[\w'’-]+ ){0,3}(?:email addresses|addresses|names|postcodes|details|records|identities)|found to contain|for other (?:patients|people|users|customers|residents|families|pupils|students)|(?:spreadsheet|list|file|document|report)s? [\w ,]{0,60}(?:was|were) (?:shared|sent|emailed|attached|published|posted)|emails? (?:[\w,]+ ){0,4}(?:a |the )?(?:list|spreadsheet)|(?:sending|sent|emailed|emailing) (?:a |the )?(?:[\w'’-]+ ){0,2}(?:list|spreadsheet|file|data|details|records) to|(?:data|details|information) (?:at risk|put at risk|could be affected|may have been (?:\w+ )?(?:accessed|taken|copied|compromised|exposed|stolen))|(?:carbon|blind)[- ]cop(?:y|ied)|(?:could|can|were able to|was able to|been able to|let \w+ (?:to )?) ?(?:see|view|open|watch|access) (?:[\w'’-]+ ){0,4}(?:of |by )?(?:others|other people|strangers|everyone|anyone|everything|documents|records|details|accounts|footage|submissions)|(?:viewable|visible|accessible|watchable) (?:by|to) (?:anyone|other|others|the public|strangers)|shown (?:other|another)|(?:other|strangers)['’]? ?(?:people['’]s |households['’] |users['’] |patients['’] |drivers['’] )?(?:\w+ )?(?:accounts?|bills?|records|letters|documents|evidence|details|data)|hidden (?:tabs?|sheets?|worksheets?|columns?|part)|pivot table|unredacted|without (?:being )?(?:redact|anonymis)\w*|(?:not|never) (?:been )?redacted|should have been (?:redacted|removed|anonymised)|offered for sale|(?:put|placed) up for (?:sale|auction)|leak site|dark web|(?:reported|referred) (?:itself|themselves|the (?:matter|incident|breach|error|mistake)) to the (?:ICO|Information Commissioner)|informed the (?:ICO|Information Commissioner)|(?:no|without any|without a) (?:policing|legitimate|lawful|business|clinical|work|professional) (?:purpose|reason)|(?:looked|look|looking) (?:up|at) (?:the )?[\w'’ ]{0,30}(?:records?|files?|details)|(?:searches|checks) on (?:force|police) (?:databases|systems)|(?:accessed|viewed|checked|searched) (?:the )?(?:[\w'’-]+ ){0,4}(?:records?|files?|databases?|salaries|accounts)|(?:passed|sold|shared) (?:on )?(?:details|information|intelligence)|posted (?:a )?(?:photo|picture|image)|(?:sent|posted|emailed|attached|shared) (?:the |a |an )?[\w'’ ]{0,40}(?:spreadsheet|list|file|report|statement|letters?|document)s? (?:to|with)|(?:lost|left) (?:a |an |the |his |her |their )?(?:\w+ )?(?:notebook|laptop|memory stick|usb|tablet|bag|folder|box|files?|documents?)|(?:notebook|laptop|tablet|files?|folder|memory stick|USB stick)s? (?:was |were )?(?:lost|stolen|missing|left|found)|(?:hold|holding|held|containing|with) (?:\w+ ){0,3}(?:records|details|data|information|statements|files)[\w'’ ]{0,30}(?:stolen|lost|taken|left)|leaked|stolen|compromised|accessed without|unlawfully accessed|unauthori[sz]ed access|(?:wrongly|accidentally|mistakenly|inadvertently|erroneously) (?:shared|sent|disclosed|published|released|emailed|uploaded|made public|revealed|included)|(?:disclosed|published|released|sent|shared|emailed) (?:in error|by mistake|by accident|accidentally|mistakenly)|misdirected|sent to the wrong|hit by (?:a |an )?(?:major |serious |suspected )?(?:cyber|ransomware|hack)|(?:suffered|suffers|targeted by|victim of|fell victim to) (?:a |an )?(?:major |serious |significant |suspected )?(?:data breach|cyber|ransomware|hack)|ransomware attack|reprimand(?:ed|s)?|made (?:access to )?[\w ]{0,30}public|left (?:accessible|exposed|open|unsecured|unprotected)|publicly (?:accessible|available|visible|viewable)|could be viewed|viewed by anyone|lost (?:a |an |the |\w+ )?(?:laptops?|data|files|records|usb|memory sticks?|devices?|footage|documents|papers|phones?|hard drives?)|loss of (?:data|personal|footage)|went missing|exfiltrat\w*|posted online|published online|put online|data (?:was|were|has been|had been) (?:breached|accessed|stolen|taken)|looked up|snoop(?:ed|ing)|misused|infiltrat\w*|(?:data|records?|details|information|files|documents|names|addresses|statements|emails|spreadsheet|footage|list)\b[\w'’ ,-]{0,40}?\b(?:was|were|had been|have been|has been|may have been|might have been|could have been|is being|was being|were being|had|have) (?:\w+ )?(?:accessed|taken|copied|stolen|viewed|seen|published|shared|emailed|sent|downloaded|exfiltrated|released|leaked|disclosed|exposed|lost|posted|passed on|misused|sold|searched)|(?:accessed|taken|copied|stolen|obtained|extracted|downloaded) (?:in|by|from|during|through) (?:a |an |the |its )?(?:[\w'’-]+ ){0,3}(?:attack|attackers?|hackers?|criminals?|gang|breach|systems?|network|servers?|accounts?|phishing|intruders?|third party|party)|(?:got|gained|broke|breaking) (?:into|in to|access to|hold of) (?:a |an |the |its |their )?(?:[\w'’-]+ ){0,3}(?:network|systems?|servers?|databases?|data|records|accounts?|gateway|service|email)|(?:criminals|attackers|hackers|gang|group) (?:have |has |had )?(?:began |begun |started )?(?:published|publish|publishing|posted|posting|leaked|released|dumped|stole|took)|(?:began|begun|started) (?:publishing|posting|leaking)|(?:data|files|material|records) (?:published|posted|dumped) (?:online|on)|break-in|data theft|theft of (?:a |an |the )?(?:\w+ ){0,2}(?:laptops?|devices?|data|records|files|phones?|discs?|CDs?|hard drives?|footage|videos?|computers?)|(?:lost|missing|mislaid|stolen) (?:\w+ ){0,2}(?:discs?|CDs?|DVDs?|hard drives?|laptops?)|(?:discs?|CDs?|laptops?|devices?)\b[\w'’ ]{0,30}(?:went astray|went missing|were lost|was lost|was taken|were taken|was stolen|were stolen)|went astray|loss of (?:\w+ ){0,3}(?:discs?|CDs?|data|records|laptops?|files|footage|videos?|interviews|recordings)|(?:emailed|sent|shared|attached|forwarded|copied) (?:\w+ ){0,2}(?:to|with) (?:a |an |the )?(?:other|another|all|every|whole|wider|hundreds|dozens|thousands|\d[\d,]*|around \d+|about \d+|\w+-wide|classmates|parents|families|operators|firms|applicants)|email(?:s|ed)? (?:[\w,]+ ){0,4}(?:a |the )?(?:list|spreadsheet|file|document|attachment)|attached to (?:a |an |the )?(?:[\w-]+ ){0,2}(?:email|message|newsletter)|(?:named|identified|listed|included|disclosed|revealed) in (?:an? |the )?(?:\w+ ){0,2}(?:FOI|freedom of information|spreadsheet|email|release|response|disclosure|attachment|answers?)|(?:email|emails|letters?|mailing|spreadsheet|data|FOI|printing|disclosure|transport email|housing) (?:mix-up|blunder|error|slip|gaffe)|mix-up|(?:accessing|searching|viewing|checking|looking at|looking up) (?:the )?(?:[\w'’-]+ ){0,3}(?:records?|files?|databases?|systems)|unlawfully (?:\w+ing|obtain\w*)|misuse of|(?:was|were|is) being used (?:for|by|to)|(?:needed|needs|need|requiring|required) no (?:login|log-in|password|authentication)|without (?:a )?(?:login|log-in|authentication)|(?:details|information|data|addresses|names) (?:were |was )?(?:on show|in the open|for all to see)|(?:published|publishing|posted|revealed|released) (?:the )?(?:names|details|addresses|salaries|pay)|(?:someone|somebody|another person)(?:['’]s| else['’]s) (?:\w+ )?(?:details|records?|accounts?|data|information|photos?|names?|letters?|results|documents)|strangers['’] (?:\w+ )?(?:photos?|names|details|information|records)|(?:attackers|hackers|criminals|intruders) (?:had |have |may have )?(?:reached|accessed|obtained|viewed|copied|got into|got hold of)|confidential waste|(?:left|lying|dumped) (?:\w+ ){0,3}(?:unlocked|unattended|unsecured|in an? (?:unlocked|open|unsecured|public))|(?:matter|incident|breach|error|loss|mistake) (?:has|had) been (?:reported|referred) to the (?:ICO|Information Commissioner)|(?:data|information|details|files|records|device|stick) belonged to|unauthori[sz]ed (?:third part(?:y|ies)|person|people|individuals?|user)|information governance (?:breach|incident)|(?:shared|disclosed|passed on|published) without (?:their |his |her )?(?:consent|permission|authori[sz]ation)|failed to (?:redact|anonymise|anonymize|remove (?:the )?(?:names|personal))|redaction (?:error|failure|blunder|mistake)|(?:not|poorly|badly|wrongly) redacted|unencrypted (?:laptops?|memory sticks?|USB|devices?|discs?|emails?|files?)|stolen from (?:a |an |his |her |their |the )?(?:car|home|office|vehicle|house|van|bag)|burgl(?:ed|ary|aries)|(?:shared|posted|circulated) (?:\w+ ){0,3}on (?:WhatsApp|Facebook|social media|Snapchat|Instagram|TikTok|Twitter)|(?:data|privacy|email|GDPR) (?:blunder|gaffe|slip-up)|(?:uploaded|published|posted) (?:\w+ ){0,2}(?:to|on) (?:its|the|their) (?:website|portal|site)|(?:memory stick|USB stick|USB drive|laptop|files?|folder|papers|documents)\b[\w'’ ]{0,50}\b(?:found|handed in|discovered) (?:in|on|at|by|near|behind|outside))\b/gi;

export const SCAM = /\b(scams?|scammers?|phishing|fraudsters?|bogus|smishing|vishing|fake (?:texts?|emails?|calls?|messages?|websites?)|cold[- ]call\w*|impersonat\w*)\b/i;
export const WARN = /\b(warns?|warned|warning|urg(?:es|ed|ing)|advis(?:es|ed|ing)|reminds?|beware|be (?:on (?:the )?)?(?:alert|vigilant)|alert(?:s|ed)? (?:residents|the public|people))\b/i;
export const INVESTIGATION =
  /\b(arrest(?:s|ed)?|charged|investigat(?:e|es|ing|ors?)|sanction(?:s|ed)|unmask\w*|indict\w*|prob(?:e|es|ing)|raid(?:s|ed)?|convicted|sentenced|jailed|pleaded guilty|court (?:hears|told)|detained|takedown|seized|extradit\w*)\b/i;
export const PRIVATE =
  /\b(retailers?|apps?|(?:service |software |payroll |IT |accommodation |care )providers?|care homes?|hotels?|water company|(?:locum|recruitment|letting|estate|travel|staffing|employment) agenc(?:y|ies)|private|fee-paying|charity|charities|housing association|law firm|solicitors|nursery (?:chain|group)|private (?:nursery|dental|clinic|company|firm)|gambling company|betting firm|supermarkets?|banks?|building society|telecoms?|mobile (?:operator|network|provider)|broadband|firms?|company|companies|airlines?|insurers?|plc|ltd|shops?|chain|brand|car ?maker|carmaker|manufacturer|M&S|Marks (?:&|and) Spencer|Co-op|Harrods|TalkTalk|Vodafone|Ticketmaster|British Airways|Boots|JD Sports|Santander|Jaguar Land Rover|JLR|Arnold Clark|Tesco|Sainsbury'?s|Asda|Morrisons|Dixons|Currys|Sports Direct)\b/i;
export const POLICY =
  /\b(guidance|consultation|bill|legislation|laws?|code of practice|statistics|figures (?:show|reveal|suggest)|reports? (?:finds?|found|shows?|reveals?|says)|survey|study|research|analysis|trends?|rise in|increase in|number of|annual report|opinion|explainer|how to|strategy|framework|plans? to (?:ban|introduce|require|force|make|cut|close|scrap|change|extend|create)|proposals?|[\d,]+ (?:data )?breaches|breaches (?:rose|fell|increased|doubled)|new rules|reforms?|white paper|publishes|launch(?:es|ed)? (?:a |its )?(?:new )?(?:campaign|guidance|strategy|toolkit)|webinar|conference|lessons|best practice|urges? (?:organisations|public bodies|councils))\b/i;
export const NO_DATA = [
  /\bno (?:evidence (?:that |of )?)?(?:any )?(?:[\w-]+ ){0,4}(?:data|information|details)\b[^.]{0,40}?\b(?:was|were|has been|had been|have been)\b[^.]{0,25}?\b(?:accessed|stolen|compromised|taken|exfiltrated|affected|lost|breached|exposed|extracted|viewed|involved|encrypted)\b/i,
  /\bno (?:\w+ ){0,2}(?:data|information) (?:loss|was lost)\b/i,
  /\bnot (?:a |the result of a |caused by (?:a |an )?)?(?:cyber[- ]?attack|hack(?:ers|ing)?)\b/i,
  /\bnot (?:related|connected|linked) to (?:a |any )(?:data )?breach/i,
  /\b(?:no|without) (?:\w+ ){0,2}data (?:being )?(?:lost|accessed|compromised)\b/i,
  /\b(?:did not|does not|didn't|doesn't|do not) (?:appear to )?(?:involve|affect|include|compromise) (?:any )?(?:personal|customer|patient|resident|sensitive) (?:data|information)/i,
  /\bthere (?:is|was|has been) no (?:evidence of (?:a |any )?)?(?:data breach|personal data breach|data loss)/i,
  /\bno (?:personal )?data (?:breach|loss) (?:was |has been |had been )?(?:found|identified|detected)/i,
];
export const NO_DATA_HEDGE = /\b(make sure|ensure|whether|to establish|to confirm|to check|to determine|yet to|not yet)\b/i;
export const OUTAGE = /\b(outages?|systems? (?:down|offline)|IT (?:issues?|problems?|failure|outage)|disruption|services? (?:disrupted|unavailable)|offline|denial[- ]of[- ]service|DDoS)\b/i;

export const NON_UK =
  /\b(US|U\.S\.|USA|American|United States|Americans|Canada|Canadian|Australia|Australian|New Zealand|India|Indian|France|French|Germany|German|Dutch|Netherlands|Spain|Spanish|Italy|Italian|Ireland's|Irish|Republic of Ireland|Singapore|South Africa|Japan|Japanese|Sweden|Swedish|Norway|Denmark|Finland|Belgium|Belgian|Swiss|Switzerland|Austria|Austrian|Poland|Polish|Portugal|Portuguese|Greece|Greek|Chinese|Ukrainian|South Korea|Korean|Turkish|Danish|Norwegian|Finnish|Brazil|Mexico|Israel|Philippines|Indonesia|Malaysia|Kenya|Nigeria|California|Texas|Florida|New York|Ohio|Georgia|Pennsylvania|Illinois|Michigan|Washington|Oregon|Arizona|Colorado|Virginia|Massachusetts|Minnesota|Wisconsin|Missouri|Tennessee|Alabama|Louisiana|Kentucky|Oklahoma|Iowa|Kansas|Nevada|Utah|Maryland|Indiana|Connecticut|Ontario|Quebec|Victoria|Queensland|New South Wales|EU|European Commission|HSE Ireland)\b/;
export const PUBLIC_GENERIC =
  /\b(county|city|state|municipal(?:ity)?|school district|police department|sheriff|hospital|health (?:service|system|department)|government|ministry|federal|agency|council|public (?:body|bodies|sector)|schools?|university|college|department of)\b/i;

/** Words after a body's name that make it the actor, not the victim ("police arrest", "ICO investigating"). */
export const ACTOR_AFTER =
  /^\W{0,3}(?:said|says|confirmed)\s+(?:that\s+)?(?:a|an|the|two|three|four|\d+)\b[^.;]{0,80}?\b(?:had been|has been|have been|was|were)\s+(?:arrested|charged|detained|questioned|convicted|bailed|released on bail)\b|^\W{0,3}(?:(?:[\w-]+\s+){0,3}?(?:unit|team|squad|branch|command|division|detectives|officers|investigators)\s+)?(?:(?:said|says|confirmed|confirms)\s+(?:that\s+)?(?:it|they)\s+)?(?:(?:is|are|has|have|was|were|said it was|said they were|says it is|have been|had been|has been|had)\s+)?(?:arrest\w*|investigat\w*|prob\w*|charg\w*|warn\w*|urg\w*|advis\w*|appeal\w*|launch\w* an? (?:investigation|inquiry)|issued|raid\w*|seiz\w*|dismantl\w*|took down|tak(?:es|en|ing) down|shut(?:s|ting)? down|disrupt\w*|unmask\w*|sanction\w*|smash\w*|busted)\b/i;
/** Words before a body's name that make it an object, not the breached body ("complaints against the Met"). */
export const OBJECT_BEFORE =
  /\b(?:against|about|oversees|overseeing|oversee|complain(?:ed|ts?)? about|reported (?:it |this |the \w+ )?to|notified|informed|contacted|told|(?:arrested|charged|investigated|detained|prosecuted|raided|questioned|interviewed|caught|stopped|reported|notified|supported|helped) by(?: the)?|working with|alongside|partnered with|on behalf of|according to|referred itself to|in contact with|(?:reported|referred|notified|informed)\b[^.;]{0,60}\b(?:to|and))\s+(?:the\s+)?(?:[\p{L}]+['’]s\s+)?$/iu;

/** Words after a leak or hack term that make it something other than personal data ("leaked memo", "hack job"). */
export const NOT_PERSONAL_AFTER = /^\s+(?:(?:internal|draft|government|council|cabinet|budget) )?(?:memo|documents? (?:shows?|reveals?)|plans?|report shows|draft|budget|proposals?|minutes|job|day|hackathon)\b/i;

/** Bodies whose job is to investigate, regulate or warn: they are rarely the breached organisation. */
export const ACTOR_BODIES = new Set([
  "Information Commissioner's Office",
  'National Crime Agency',
  'National Cyber Security Centre',
  'Action Fraud',
  'Independent Office for Police Conduct',
  'Police Federation of England and Wales',
  'College of Policing',
]);

export const CAUSE_RULES: readonly { cause: Cause; re: RegExp; label: string }[] = [
  { cause: 'ransomware', re: /\b(ransomware|ransom (?:demand|note|payment)|encrypted (?:files|systems|servers)|LockBit|Rhysida|Qilin|BlackCat|Akira|Medusa)\b/i, label: 'ransomware' },
  {
    cause: 'cyber_attack',
   
    re: /\b(cyber[- ]?attacks?|cyber[- ]?criminals?|hack(?:ed|ers?|ing)?|malware|unauthori[sz]ed access|infiltrat\w*|cyber[- ]?incident|threat actors?|criminal gang|exfiltrat\w*|phishing attack|compromised (?:accounts?|systems?|servers?))\b/i,
    label: 'cyber attack',
  },
  {
    cause: 'misconfiguration',
   
    re: /\b(configuration error|misconfigur\w*|mis-configur\w*|left (?:accessible|exposed|open|unsecured|unprotected)|open network|publicly (?:accessible|available|visible)|public-facing server|without (?:any )?password|unsecured (?:server|database|bucket)|no password|made (?:access to )?[\w ]{0,30}public|permissions? (?:error|setting)|access settings|hidden (?:tabs?|data|columns?|sheets?))\b/i,
    label: 'misconfiguration',
  },
  {
    cause: 'human_error',
   
    re: /\b(human error|internal error|honest mistake|(?:wrongly|accidentally|mistakenly|inadvertently|erroneously) (?:shared|sent|disclosed|published|released|emailed|uploaded|included|made)|in error|by mistake|misdirected|sent to the wrong|wrong (?:recipient|address|person)|cc['’]?d|carbon copy|(?:FOI|freedom of information) (?:response|request)|spreadsheet|administrative error|clerical error)\b/i,
    label: 'human error',
  },
  {
    cause: 'insider',
   
    re: /\b(insider|looked up|snoop\w*|without (?:a )?(?:lawful|legitimate|policing|business) (?:reason|purpose)|misused|misuse of|unlawfully (?:accessed|obtained)|former (?:employee|officer|staff member) (?:accessed|took|stole)|rogue (?:employee|officer|worker)|computer misuse act)\b/i,
    label: 'insider misuse',
  },
  {
    cause: 'loss_theft',
   
    re: /\b(lost (?:a |an |the |\w+ )?(?:laptops?|usb|memory sticks?|devices?|footage|documents|papers|phones?|hard drives?|files|bags?)|loss of (?:data|footage)|stolen (?:laptops?|devices?|phones?|bags?|cars?)|theft of|went missing|left on (?:a|the) (?:train|bus)|mislaid|burglary|unexplained reduction in data)\b/i,
    label: 'loss or theft',
  },
  { cause: 'supplier', re: /\b(suppliers?|contractors?|third[- ]party (?:provider|supplier|vendor|company)|vendors?|IT provider|service provider|outsourc\w*)\b/i, label: 'supplier' },
];

/** A negation word in the clause before a term ("did not hold ... financial details"). */
export const NEGATION = /\b(not|no|never|nor|without|rather than|neither|didn't|wasn't|weren't|isn't|doesn't)\b/i;

export const DATA_TYPES: readonly { type: string; re: RegExp }[] = [
  { type: 'names', re: /\b(names?|surnames?|first initials?)\b/i },
  { type: 'addresses', re: /\b(home )?addresses\b|\bwhere (?:they|people) live\b/i },
  { type: 'contact details', re: /\b(phone numbers?|telephone numbers?|email addresses|contact details|mobile numbers?)\b/i },
  { type: 'dates of birth', re: /\b(dates? of birth|DOB|ages)\b/i },
  { type: 'photos', re: /\b(photos?|photographs?|images of (?:officers|staff|people))\b/i },
  { type: 'health', re: /\b(medical|health (?:records?|data|information|conditions?)|patient (?:data|records?|information)|diagnos\w*|mental health|blood test|pathology|prescriptions?|NHS numbers?)\b/i },
  { type: 'criminal-justice', re: /\b(victims?(?! of)|witness(?:es)?|suspects?|offen(?:ders?|ces)|criminal records?|crime (?:data|reports?)|complain(?:ts?|ants?) (?:against|about) (?:the )?police|court (?:records?|lists?)|prisoners?|sexual offences|domestic abuse|intelligence)\b/i },
  { type: 'financial', re: /\b(bank (?:details|account)|financial (?:details|information|data)|card details|payment details|salar(?:y|ies)|national insurance numbers?|tax (?:records|details)|benefits? (?:data|claims?|records?))\b/i },
  { type: 'staff records', re: /\b(ranks?|grades?|job titles?|staff (?:records|details|data|passes)|warrant cards?|vetting (?:levels?|status)|pay numbers?|employee (?:records|details|data)|personnel (?:records|files)|HR (?:records|data))\b/i },
  { type: 'cctv footage', re: /\b(CCTV|surveillance (?:footage|camera)|camera (?:footage|system))\b/i },
  { type: 'bodycam footage', re: /\b(body[- ]?(?:worn )?(?:cam|camera)s?(?: footage)?|bodycam)\b/i },
  { type: 'children', re: /\b(children|pupils|child protection|safeguarding|looked-after|schoolchildren|minors)\b/i },
  { type: 'identity documents', re: /\b(passports?|driving licen[cs]es?|identity documents|ID documents|visa)\b/i },
  { type: 'special category', re: /\b(ethnicity|religio\w+|sexual orientation|biometric|immigration status|asylum)\b/i },
];

/** What an ICO action is about when it is not a personal-data breach: access requests and FOI deadlines. */
export const NOT_BREACH_TOPIC =
  /\b(subject access|access requests?|requests? (?:from people )?for (?:their|people['’]s) own (?:data|information|records)|copies of their own|(?:FOI|freedom of information) (?:backlog|delays?|deadlines?|response times?)|(?:late|overdue|delayed) (?:FOI|freedom of information|responses|replies)|backlog)\b/i;
