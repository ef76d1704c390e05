// A command line that behaves like one (issue 18 point 7): --help and --version on every command, and
// unknown flags refused with the nearest known one, before anything runs.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { editDistance, parseArgs, suggest } from '../../src/cli/args.ts';
import { COMMANDS, type CliDeps } from '../../src/cli/commands.ts';
import { runCli } from '../../src/cli/run-cli.ts';

const JSON_FLAG = [{ name: 'json', help: '' }];

describe('parseArgs', () => {
  it('reads positionals, on/off flags, valued flags in both spellings, and -- as the end of flags', () => {
    const specs = [...JSON_FLAG, { name: 'days', value: 'N', help: '' }];
    const parsed = parseArgs(['a', '--json', '--days', '7', 'b', '--days=8', '--', '--not-a-flag'], specs, 'bw x');
    expect(parsed).toEqual({ ok: true, args: { positionals: ['a', 'b', '--not-a-flag'], flags: new Map<string, string | true>([['json', true], ['days', '8']]) } });
    expect(parseArgs(['-h', '-v'], [], 'bw x')).toMatchObject({ ok: true, args: { flags: new Map([['help', true], ['version', true]]) } });
  });

  it('refuses an unknown flag, naming the nearest known one and where to look', () => {
    expect(parseArgs(['--jsn'], JSON_FLAG, 'breachwatch recent')).toEqual({
      ok: false,
      message: 'breachwatch recent: unknown option --jsn. Did you mean --json? See `breachwatch recent --help`.',
    });
    expect(parseArgs(['--verison'], JSON_FLAG, 'breachwatch recent')).toMatchObject({ ok: false, message: expect.stringContaining('Did you mean --version?') });
    const far = parseArgs(['--colour'], JSON_FLAG, 'breachwatch recent');
    expect(far).toMatchObject({ ok: false });
    expect(far.ok ? '' : far.message).not.toMatch(/Did you mean/);
    expect(parseArgs(['-x'], JSON_FLAG, 'breachwatch recent')).toMatchObject({ ok: false, message: expect.stringContaining('unknown option -x') });
  });

  it('refuses a value on an on/off flag and a missing value', () => {
    expect(parseArgs(['--json=yes'], JSON_FLAG, 'bw')).toMatchObject({ ok: false, message: 'bw: --json takes no value (got "--json=yes").' });
    expect(parseArgs(['--days'], [{ name: 'days', value: 'N', help: '' }], 'bw')).toMatchObject({ ok: false, message: 'bw: --days needs a value: --days N.' });
  });

  it('suggests by edit distance (a swap is one edit) or by prefix, and nothing when too far', () => {
    expect(editDistance('jsno', 'json')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(suggest('recnet', ['recent', 'search'])).toBe('recent');
    expect(suggest('prev', ['preview', 'replay'])).toBe('preview');
    expect(suggest('zzz', ['recent', 'search'])).toBeNull();
  });
});

/** Streams the CLI writes to; any command that actually runs fails the test (help and version must not). */
function cli(): { deps: CliDeps; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const never = (): never => expect.fail('the command ran');
  const deps: CliDeps = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    version: '9.8.7',
    start: never,
    backfill: never,
    demo: never,
    classifier: never,
    openSession: never,
    openDemoSession: never,
    renderReplyText: never,
    loadRenderers: never,
  };
  return { deps, out: () => out, err: () => err };
}

describe('runCli', () => {
  it.each(COMMANDS.map((c) => c.name))('`breachwatch %s --help` prints its usage and runs nothing', async (name) => {
    const { deps, out } = cli();
    expect(await runCli([name, '--help'], deps)).toBe(0);
    expect(out()).toMatch(new RegExp(`^Usage: breachwatch ${name}`));
    expect(out()).toContain('-h, --help');
  });

  it.each(COMMANDS.map((c) => c.name))('`breachwatch %s --version` prints the version and runs nothing', async (name) => {
    const { deps, out } = cli();
    expect(await runCli([name, '-v'], deps)).toBe(0);
    expect(out()).toMatch(/^breachwatch 9\.8\.7 \(Node \d+\.\d+\.\d+\)\n$/);
  });

  it('answers --help, --version and help <command> at the top level', async () => {
    const top = cli();
    expect(await runCli(['--help'], top.deps)).toBe(0);
    for (const command of COMMANDS) expect(top.out()).toContain(`breachwatch ${command.name}`);
    const one = cli();
    expect(await runCli(['help', 'preview'], one.deps)).toBe(0);
    expect(one.out()).toMatch(/^Usage: breachwatch preview \[incident\]/);
    const version = cli();
    expect(await runCli(['--version'], version.deps)).toBe(0);
    expect(version.out()).toMatch(/^breachwatch 9\.8\.7/);
    const helpVersion = cli();
    expect(await runCli(['help', '--version'], helpVersion.deps)).toBe(0);
    expect(helpVersion.out()).toMatch(/^breachwatch 9\.8\.7/);
    const helpTypo = cli();
    expect(await runCli(['help', '--verbose'], helpTypo.deps)).toBe(2);
    expect(helpTypo.err()).toMatch(/^breachwatch help: unknown option --verbose\./);
  });

  it('backfill passes --days on and refuses to run without it', async () => {
    const missing = cli();
    expect(await runCli(['backfill'], missing.deps)).toBe(2);
    expect(missing.err()).toMatch(/needs --days N/);
    const given = cli();
    const asked: string[] = [];
    given.deps.backfill = async (days) => {
      asked.push(days);
      return 0;
    };
    expect(await runCli(['backfill', '--days', '7'], given.deps)).toBe(0);
    expect(asked).toEqual(['7']);
  });

  it('refuses unknown commands, unknown flags and extra arguments with a suggestion, exit 2', async () => {
    const command = cli();
    expect(await runCli(['recnet'], command.deps)).toBe(2);
    expect(command.err()).toBe('breachwatch: unknown command "recnet". Did you mean `breachwatch recent`? See `breachwatch --help`.\n');
    const flag = cli();
    expect(await runCli(['start', '--dry-rn'], flag.deps)).toBe(2);
    expect(flag.err()).toMatch(/^breachwatch start: unknown option --dry-rn\. See `breachwatch start --help`\.\n$/);
    const top = cli();
    expect(await runCli(['--jsno'], top.deps)).toBe(2);
    expect(top.err()).toMatch(/unknown option --jsno/);
    const extra = cli();
    expect(await runCli(['start', 'now'], extra.deps)).toBe(2);
    expect(extra.err()).toMatch(/breachwatch start: unexpected argument "now"/);
    const feed = cli();
    expect(await runCli(['feed', 'remove', 'example-feed'], feed.deps)).toBe(2);
    expect(feed.err()).toMatch(/Add or remove feeds in config\/breachwatch.yaml/);
  });

  it('classify on a terminal prints how to use it instead of waiting for input', async () => {
    const { deps, err } = cli();
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    expect(await runCli(['classify'], { ...deps, stdin: tty })).toBe(2);
    expect(err()).toMatch(/^breachwatch classify reads JSON lines from stdin, e\.g\. breachwatch classify < in\.jsonl/);
    expect(err()).toContain('{"title", "summary"');
  });
});
