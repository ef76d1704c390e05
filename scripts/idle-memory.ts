// `node scripts/idle-memory.ts [--platforms] [--glibc] [--root <checkout>]`: what holds the idle bot's resident
// memory (ADR 026, 027). Runs the bot as `npm run bench:startup` does (10 loopback feeds, past its first poll,
// settled 8 s; jemalloc unless --glibc; --platforms: Slack and Discord connected to the fakes of test/fakes) and
// prints its RSS by mapping; the pages of the `node` binary it has touched, by what their symbols belong to
// (ICU's data and code, V8, Node, OpenSSL, SQLite…; from /proc/<pid>/pagemap and `nm`, when the binary has
// symbols); then, in a process of its own, what reading the compiled recogniser from its cache adds (V8 heap,
// array buffers, RSS, after a full GC). --root: measure another checkout's bot and recogniser.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeDiscord } from '../test/fakes/fake-discord-api.ts';
import { startFakeSlackApi } from '../test/fakes/fake-slack-api.ts';
import { APP_TOKEN, BOT_TOKEN } from '../test/fakes/fake-slack-setup.ts';
import { platformEnv } from '../test/helpers/platform-env.ts';
import { JEMALLOC, rssMiB, runBot, sleep, tempDir } from './bench-lib/bot-memory.ts';

const { values } = parseArgs({ options: { platforms: { type: 'boolean' }, glibc: { type: 'boolean' }, root: { type: 'string' } } });
const ROOT = path.resolve(values.root ?? path.join(import.meta.dirname, '..'));
const MiB = (bytes: number): string => (bytes / 1048576).toFixed(1);

/** The group a symbol of the node binary belongs to. */
function groupOf(name: string): string {
  if (/^icudt\d+_dat$/.test(name)) return 'ICU data';
  if (/icu_\d+|\bicu::|^u[a-z]+\w*_\d+$/.test(name)) return 'ICU code';
  if (/^v8::|^Builtins_|^v8_|^cppgc::/.test(name)) return 'V8';
  if (/^node::|^napi_|^node_/.test(name)) return 'Node';
  if (/sqlite3/.test(name)) return 'SQLite';
  if (/^uv_|^uv__/.test(name)) return 'libuv';
  if (/^(EVP|SSL|ssl|ossl|OPENSSL|X509|BN_|RSA|EC_|ASN1|CRYPTO|PEM|OBJ_|ERR_|bn_|ec_|x509|tls|PKCS|HMAC|BIO)/.test(name)) return 'OpenSSL';
  return 'other symbols';
}

/** Resident pages of the mapped `binary` in process `pid`, by symbol group (outside every symbol: "no symbol"). */
function binaryPages(pid: number, binary: string): Map<string, number> | null {
  const nm = spawnSync('nm', ['-S', '-C', '--defined-only', binary], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (nm.status !== 0) return null;
  const symbols = nm.stdout
    .split('\n')
    .map((line) => /^([0-9a-f]+) ([0-9a-f]+) \S (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && parseInt(m[2] as string, 16) > 0)
    .map((m) => ({ start: parseInt(m[1] as string, 16), size: parseInt(m[2] as string, 16), group: groupOf(m[3] as string) }))
    .sort((a, b) => a.start - b.start);
  if (symbols.length === 0) return null;
  const groups = new Map<string, number>();
  const fd = openSync(`/proc/${pid}/pagemap`, 'r');
  const entry = Buffer.alloc(8);
  try {
    for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
      if (!line.endsWith(` ${binary}`)) continue;
      const [from, to] = (line.split(' ')[0] as string).split('-').map((x) => parseInt(x, 16)) as [number, number];
      for (let page = from; page < to; page += 4096) {
        readSync(fd, entry, 0, 8, (page / 4096) * 8);
        if (entry.readBigUInt64LE() >> 63n === 0n) continue; // not resident
        // The symbol that holds the middle of the page (the binary is not position-independent: addresses are its own).
        const mid = page + 2048;
        let lo = 0;
        let hi = symbols.length - 1;
        while (lo < hi) {
          const m = (lo + hi + 1) >> 1;
          if ((symbols[m] as (typeof symbols)[number]).start <= mid) lo = m;
          else hi = m - 1;
        }
        const s = symbols[lo] as (typeof symbols)[number];
        const group = s.start <= mid && mid < s.start + s.size ? s.group : 'no symbol';
        groups.set(group, (groups.get(group) ?? 0) + 4096);
      }
    }
  } finally {
    closeSync(fd);
  }
  return groups;
}

/** Resident bytes by mapping: the node binary, anonymous memory, everything else by file name. */
function byMapping(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let current = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const file = head[1] ?? '';
      current = file === '' ? 'anonymous' : file === process.execPath ? 'node binary' : path.basename(file);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out.set(current, (out.get(current) ?? 0) + Number(rss[1]) * 1024);
  }
  return out;
}

const sorted = (m: Map<string, number>): string =>
  [...m].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 0.05 * 1048576).map(([k, v]) => `${k} ${MiB(v)}`).join(', ');

const closers: Array<() => Promise<void>> = [];
let env: NodeJS.ProcessEnv = values.glibc ? {} : { LD_PRELOAD: JEMALLOC };
if (values.platforms) {
  const slack = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: { C_ALERTS: { member: true } } });
  const discord = await startFakeDiscord();
  env = { ...env, ...platformEnv({ slackApiUrl: slack.apiUrl, discord }) };
  closers.push(() => slack.close(), () => discord.close());
}
const dir = tempDir('bw-idle-memory-');
const running = await runBot({ feeds: 10, env, dir, root: ROOT });
await sleep(8_000);
console.log(`idle bot (${ROOT}, ${values.platforms ? 'Slack + Discord' : 'console only'}, ${values.glibc ? 'glibc' : 'jemalloc'}): RSS ${rssMiB(running.pid).toFixed(1)} MiB`);
console.log(`  by mapping (MiB): ${sorted(byMapping(running.pid))}`);
const pages = binaryPages(running.pid, process.execPath);
console.log(pages ? `  node binary pages by symbol (MiB): ${sorted(pages)}` : '  node binary pages: no symbols (nm) to attribute them');
await running.stop();
for (const close of closers) await close();
rmSync(dir, { recursive: true, force: true });

// The recogniser read from its cache, in a process of its own with the modules loaded first; run twice, the first
// run writing the cache (or finding it), the second measured.
const cacheDir = tempDir('bw-idle-memory-cache-');
const probe = `
const { prepareRecogniser } = await import(${JSON.stringify(path.join(ROOT, 'src/config/recogniser-cache.ts'))});
const prepared = prepareRecogniser({}, ${JSON.stringify(cacheDir)});
gc();
const before = process.memoryUsage();
const loaded = prepared.load();
gc();
const after = process.memoryUsage();
const mb = (k) => ((after[k] - before[k]) / 1e6).toFixed(1);
console.log('  the recogniser read from its cache (' + loaded.cache.kind + '): V8 heap +' + mb('heapUsed') + ' MB, array buffers +' +
  mb('arrayBuffers') + ' MB, RSS +' + ((after.rss - before.rss) / 1048576).toFixed(1) + ' MiB');
globalThis.keep = loaded;
`;
const args = ['--expose-gc', '--disable-warning=ExperimentalWarning', '--input-type=module', '-e', probe];
execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
process.stdout.write(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }));
rmSync(cacheDir, { recursive: true, force: true });
