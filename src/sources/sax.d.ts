// The part of sax 1.6 (no bundled types) that xml-tree.ts uses.
declare module 'sax' {
  export interface Tag {
    name: string;
    attributes: Record<string, string>;
  }
  export interface SAXParser {
    /** The parser's state, one of STATE's values. */
    state: number;
    /** What has been read of an SGML declaration ("<!…") so far. */
    sgmlDecl: string;
    onopentag: (tag: Tag) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    onerror: (error: Error) => void;
    write(chunk: string): SAXParser;
    close(): SAXParser;
  }
  const sax: {
    parser(strict: boolean, options?: Record<string, unknown>): SAXParser;
    STATE: Record<string, number>;
  };
  export default sax;
}
