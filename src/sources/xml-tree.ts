// Feed text → an element tree, read with sax (the tokenizer under rss-parser and xml2js) in small slices:
// every step is linear in the input, the event loop gets a turn every few milliseconds, and the first
// XML error ends the read at once (xml2js carried on after errors, and sax reports a stray close tag
// once per open element, so one hostile body could cost minutes).
import sax from 'sax';
import { turnTaker } from './turns.ts';

export interface XmlElement {
  /** As written, prefix included ("content:encoded"). */
  name: string;
  attributes: Readonly<Record<string, string>>;
  /** Elements and text runs (CDATA included) in document order. */
  children: XmlNode[];
  /** The element's own text (not its children's), CDATA included: xml2js's "_". */
  text: string;
  /** Whether part of that text came from a CDATA section (xml2js keeps such text even when blank). */
  cdata: boolean;
}
export type XmlNode = XmlElement | string;

/** A slice of text handed to sax at once. */
const SLICE = 16 * 1024;
/**
 * sax re-reads an SGML declaration ("<!…") from its start on every character, so one that never
 * closes costs the square of its length. Feeds only use <!--, <![CDATA[ and <!DOCTYPE, which sax
 * recognises within 8 characters; anything longer is refused, and read in small steps until then.
 */
const MAX_DECLARATION = 64;
/**
 * An element's text is kept up to this many UTF-16 units; the rest is dropped. Above what normalise.ts
 * reads of any field (FIELD_LIMITS), and it keeps a hostile 5 MB text node from being copied whole.
 */
export const MAX_TEXT = 512 * 1024;
/** Feeds nest a few levels (XHTML content a few dozen); a million nested tags would only eat memory. */
export const MAX_DEPTH = 512;

const DECLARATION_STATES = new Set([sax.STATE['SGML_DECL'], sax.STATE['SGML_DECL_QUOTED']]);

/** Parses XML text into its root element. Throws an Error naming the first problem (not well-formed). */
export async function readXmlTree(text: string): Promise<XmlElement> {
  const parser = sax.parser(true, {});
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Error | null = null;
  const addText = (value: string, cdata: boolean): void => {
    const current = stack[stack.length - 1];
    const room = current === undefined ? 0 : MAX_TEXT - current.text.length;
    if (current === undefined || room <= 0) return;
    const kept = value.length > room ? value.slice(0, room) : value;
    current.text += kept;
    current.children.push(kept);
    if (cdata) current.cdata = true;
  };
  // Thrown from a handler, an error leaves sax's write() at once: nothing after the first problem runs.
  parser.onerror = (error) => {
    failure ??= error;
    throw error;
  };
  parser.ontext = (value) => addText(value, false);
  parser.oncdata = (value) => addText(value, true);
  parser.onopentag = (tag) => {
    if (stack.length >= MAX_DEPTH) parser.onerror(new Error(`Elements nested deeper than ${MAX_DEPTH} levels`));
    // sax makes a new attributes object for every tag and never changes it after this event: kept, not copied.
    const element: XmlElement = { name: tag.name, attributes: tag.attributes, children: [], text: '', cdata: false };
    stack[stack.length - 1]?.children.push(element);
    stack.push(element);
  };
  parser.onclosetag = () => {
    const element = stack.pop();
    if (stack.length === 0 && element !== undefined) root ??= element;
  };

  /** Runs a sax call; false when it stopped on an XML error (already kept in `failure`). */
  const attempt = (call: () => unknown): boolean => {
    try {
      call();
      return true;
    } catch (error) {
      if (failure === null) throw error;
      return false;
    }
  };

  let position = 0;
  let nextBang = text.indexOf('<!');
  const pause = turnTaker();
  while (position < text.length && failure === null) {
    let end = Math.min(text.length, position + SLICE);
    if (DECLARATION_STATES.has(parser.state)) {
      end = Math.min(end, position + MAX_DECLARATION);
    } else {
      if (nextBang !== -1 && nextBang < position) nextBang = text.indexOf('<!', position);
      // Stop just after "<!" so that a declaration is read in small steps from its start.
      if (nextBang !== -1 && nextBang < end) end = nextBang + 2;
    }
    if (!attempt(() => parser.write(text.slice(position, end)))) break;
    position = end;
    if (parser.sgmlDecl.length > MAX_DECLARATION) {
      failure ??= new Error(`Unknown declaration "<!${parser.sgmlDecl.slice(0, 20)}…" longer than ${MAX_DECLARATION} characters`);
    }
    const turn = pause();
    if (turn) await turn;
  }
  if (failure === null) attempt(() => parser.close());
  if (failure !== null) throw failure;
  if (root === null) throw new Error('Unable to parse XML.');
  return root;
}

/** The element's child elements, in order, optionally only those with this name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child !== 'string' && (name === undefined || child.name === name)) out.push(child);
  }
  return out;
}

/** The first child element with this name, or undefined. */
export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) if (typeof child !== 'string' && child.name === name) return child;
  return undefined;
}
