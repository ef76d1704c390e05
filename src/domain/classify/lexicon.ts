// What is left of the regex word lists: page furniture, and the words around a body's name that make it the
// actor or an object. Everything else the classifier knows is in config/knowledge/.

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
export const ACTOR_AFTER = new RegExp(
  String.raw`^\W{0,3}(?:said|says|confirmed)\s+(?:that\s+)?(?:a|an|the|two|three|four|\d+)\b[^.;]{0,80}?\b(?:had been|` +
  String.raw`has been|have been|was|were)\s+(?:arrested|charged|detained|questioned|convicted|bailed|released on bail)\b|` +
  String.raw`^\W{0,3}(?:and (?:the )?(?:[A-Z][\w'’-]*\s+){1,5})?(?:(?:[\w-]+\s+){0,3}?(?:unit|team|squad|branch|` +
  String.raw`command|division|detectives|officers|investigators)\s+)?(?:(?:said|says|confirmed|confirms)\s+(?:that\s+)?(?:it|` +
  String.raw`they)\s+)?(?:(?:is|are|has|have|was|were|said it was|said they were|says it is|have been|had been|` +
  String.raw`has been|had)\s+)?(?:arrest\w*|detain\w*|investigat\w*|prob\w*|charg\w*|warn\w*|urg\w*|advis\w*|` +
  String.raw`appeal\w*|launch\w* an? (?:investigation|inquiry)|issued|raid\w*|seiz\w*|dismantl\w*|took down|tak(?:es|` +
  String.raw`en|ing) down|shut(?:s|ting)? down(?!\s+(?:its\s+|their\s+|all\s+|some\s+)?(?:systems?|servers?|` +
  String.raw`networks?|computers?|IT|websites?|phones?|email)\b)|disrupt\w*|unmask\w*|sanction\w*|smash\w*|busted|` +
  String.raw`documentar\w*|` +
  String.raw`programmes?|podcasts?)\b`,
  'i',
);
/** Words before a body's name that make it an object, not the breached body ("complaints against the Met"). */
export const OBJECT_BEFORE = new RegExp(
  String.raw`\b(?:fake|bogus|posing as|pretending to be|impersonating|no (?:connection|link) (?:to|with)|not (?:connected|` +
  String.raw`linked|related) to|unrelated to|confused with|mistaken for|(?:pretend(?:s|ing)?|purport(?:s|ing)?|` +
  String.raw`claim(?:s|ing)?|appear(?:s|ing)?) to (?:come |be )?from|(?<!\b(?:acts?|acted|acting|action|actions|` +
  String.raw`proceedings)\s)against|about|oversees|overseeing|oversee|complain(?:ed|ts?)? about|reported (?:it |` +
  String.raw`this |the \w+ )?to|notified|informed|contacted|told|(?:arrested|charged|investigated|detained|prosecuted|` +
  String.raw`raided|questioned|interviewed|caught|stopped|reported|notified|supported|helped) by(?: the)?|working with|` +
  String.raw`alongside|partnered with|on behalf of|according to|(?:obtained|seen|revealed|uncovered) by|referred itself to|` +
  String.raw`in contact with|(?:reported|referred|notified|informed)\b[^.;]{0,60}\b(?:to|and))\s+(?:the\s+)?(?:[\p{L}]+['’]s\s+)?$`,
  'iu',
);
