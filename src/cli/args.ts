// Command-line arguments for one command: positionals and the flags that command declares. Every command
// also takes --help/-h and --version/-v; an unknown flag is refused with the nearest known one.

export interface FlagSpec {
  /** The long name without dashes: "json" for --json. */
  name: string;
  short?: string;
  /** A placeholder when the flag takes a value ("N" for --days N); absent for on/off flags. */
  value?: string;
  help: string;
}

export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'help', short: 'h', help: 'show how to use this command' },
  { name: 'version', short: 'v', help: "print breachwatch's version" },
];

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export type ArgsResult = { ok: true; args: ParsedArgs } | { ok: false; message: string };

/**
 * Parses `--flag`, `--flag=value`, `--flag value`, `-h` and `--` (everything after it is positional).
 * `command` names the command in messages ("breachwatch recent").
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], command: string): ArgsResult {
  const all = [...specs, ...COMMON_FLAGS];
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] as string;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-' || /^-\d/.test(word)) {
      positionals.push(word);
      continue;
    }
    const long = word.startsWith('--');
    const [rawName = '', inline] = long ? splitOnce(word.slice(2), '=') : [word.slice(1), undefined];
    const spec = all.find((s) => (long ? s.name === rawName : s.short === rawName));
    if (!spec) return { ok: false, message: unknownFlag(word, long ? rawName : null, all, command) };
    if (spec.value === undefined) {
      if (inline !== undefined) return { ok: false, message: `${command}: --${spec.name} takes no value (got "${word}").` };
      flags.set(spec.name, true);
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      return { ok: false, message: `${command}: --${spec.name} needs a value: --${spec.name} ${spec.value}.` };
    }
    if (inline === undefined) i += 1;
    flags.set(spec.name, value);
  }
  return { ok: true, args: { positionals, flags } };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function unknownFlag(word: string, longName: string | null, specs: readonly FlagSpec[], command: string): string {
  const names = specs.map((s) => s.name);
  const nearest = longName === null ? null : suggest(longName, names);
  const hint = nearest ? ` Did you mean --${nearest}?` : '';
  return `${command}: unknown option ${word}.${hint} See \`${command} --help\`.`;
}

/** The candidate closest to `word` (by edits, or as a prefix), when it is close enough to be a typo. */
export function suggest(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const distance = name.startsWith(lower) && lower.length >= 2 ? 1 : editDistance(lower, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(best.name.length / 3)) ? best.name : null;
}

/** Levenshtein distance (insert, delete, substitute), with adjacent swaps counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = rows[i] as number[];
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
