// Which outbound requests go through a proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower-case forms
// first, as curl, Go and undici read them), read once at start from the environment main.ts passes in.
// Pure: no I/O. The proxy's user name and password are kept apart from its URL so that nothing that
// prints a proxy (log lines, error messages) can print them (docs/adr/018-proxies.md).
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';

export interface ProxyServer {
  /** The proxy without credentials, e.g. http://proxy.corp.example:3128 — safe to print. */
  readonly label: string;
  readonly hostname: string;
  readonly port: number;
  /** "Basic …" for Proxy-Authorization when the URL carried user:password, else null. Never printed. */
  readonly authorization: string | null;
  /** The variable it came from ("HTTPS_PROXY", "https_proxy"…), for messages that say what to check. */
  readonly variable: string;
  /** The password and the header value, for the logger's redaction list (defence in depth). Never printed. */
  readonly secrets: readonly string[];
}

/** One NO_PROXY entry: a host (and its subdomains), optionally only on one port; "*" is every host. */
export interface NoProxyRule {
  readonly host: string;
  readonly port: number | null;
}

export interface ProxySettings {
  /** For http:// targets. */
  readonly http: ProxyServer | null;
  /** For https:// (and wss://) targets. */
  readonly https: ProxyServer | null;
  readonly noProxy: readonly NoProxyRule[];
}

export const NO_PROXY_SETTINGS: ProxySettings = { http: null, https: null, noProxy: [] };

type Env = Readonly<Record<string, string | undefined>>;

const MAX_NO_PROXY_ENTRIES = 500;

/** The first set (non-blank) variable of `names`, lower-case form first. */
function pick(env: Env, names: readonly string[]): { variable: string; value: string } | null {
  for (const variable of names) {
    const value = env[variable]?.trim();
    if (value) return { variable, value };
  }
  return null;
}

/** Parses a proxy URL ("http://user:pass@proxy:3128", or "proxy:3128" meaning http://). Throws ConfigInvalid. */
export function parseProxyUrl(value: string, variable: string): ProxyServer {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The value may hold a password: name the variable, never echo the value.
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `${variable} is not a valid proxy URL; set it to http://host:port (or http://user:password@host:port).`,
    );
  }
  if (url.protocol !== 'http:') {
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `${variable} uses ${url.protocol}//, but breachwatch speaks to proxies over http:// only (https:// sites still ` +
        'go through it encrypted, with CONNECT); set it to http://host:port.',
    );
  }
  if (url.hostname === '') {
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `${variable} has no host name; set it to http://host:port.`);
  }
  const user = decoded(url.username, variable);
  const password = decoded(url.password, variable);
  const authorization = user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null;
  const port = url.port === '' ? 80 : Number(url.port);
  const secrets = authorization === null ? [] : [password, authorization].filter((s) => s !== '');
  return { label: `http://${url.host}`, hostname: url.hostname, port, authorization, variable, secrets };
}

function decoded(part: string, variable: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `${variable} has a badly %-encoded user name or password; encode special characters (e.g. @ as %40).`,
    );
  }
}

/** Parses a NO_PROXY list: comma or space separated; ".example.com", "*.example.com" and "example.com" alike. */
export function parseNoProxy(value: string): NoProxyRule[] {
  const rules: NoProxyRule[] = [];
  for (const raw of value.split(/[\s,]+/)) {
    if (rules.length >= MAX_NO_PROXY_ENTRIES) break;
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') {
      rules.push({ host: '*', port: null });
      continue;
    }
    let port: number | null = null;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1] ?? '';
      port = bracketed[2] === undefined ? null : Number(bracketed[2]);
    } else {
      const colon = entry.lastIndexOf(':');
      // One colon: host:port. More than one: a bare IPv6 address.
      if (colon > 0 && entry.indexOf(':') === colon && /^\d+$/.test(entry.slice(colon + 1))) {
        port = Number(entry.slice(colon + 1));
        entry = entry.slice(0, colon);
      }
    }
    if (entry.startsWith('*.')) entry = entry.slice(2);
    else if (entry.startsWith('.')) entry = entry.slice(1);
    entry = entry.replace(/\.$/, '');
    if (entry !== '') rules.push({ host: entry, port });
  }
  return rules;
}

/** Reads the proxy variables once. Throws ConfigInvalid (naming the variable, never its value) on a bad URL. */
export function proxySettingsFromEnv(env: Env): ProxySettings {
  const https = pick(env, ['https_proxy', 'HTTPS_PROXY']);
  // HTTP_PROXY in upper case is taken too: breachwatch is not a CGI script, so "httpoxy" does not apply.
  const http = pick(env, ['http_proxy', 'HTTP_PROXY']);
  const noProxy = pick(env, ['no_proxy', 'NO_PROXY']);
  return {
    http: http ? parseProxyUrl(http.value, http.variable) : null,
    https: https ? parseProxyUrl(https.value, https.variable) : null,
    noProxy: noProxy ? parseNoProxy(noProxy.value) : [],
  };
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' || protocol === 'wss:' ? 443 : 80;
}

/** True when NO_PROXY says to reach `target` directly. */
export function bypassesProxy(target: URL, rules: readonly NoProxyRule[]): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const port = target.port === '' ? defaultPort(target.protocol) : Number(target.port);
  return rules.some(
    (rule) =>
      rule.host === '*' ||
      ((rule.port === null || rule.port === port) && (host === rule.host || host.endsWith(`.${rule.host}`))),
  );
}

/** The proxy to use for `target`, or null to connect directly. */
export function proxyFor(target: URL, settings: ProxySettings): ProxyServer | null {
  const secure = target.protocol === 'https:' || target.protocol === 'wss:';
  const proxy = secure ? settings.https : settings.http;
  if (proxy === null || bypassesProxy(target, settings.noProxy)) return null;
  return proxy;
}

/** Every proxy credential, to add to the logger's secrets. */
export function proxySecrets(settings: ProxySettings): string[] {
  return [...(settings.https?.secrets ?? []), ...(settings.http?.secrets ?? [])];
}

/** One line for the start log: where each kind of request goes. No credentials. */
export function describeProxySettings(settings: ProxySettings): string {
  if (settings.http === null && settings.https === null) {
    return 'No proxy: feeds, pages, Slack and Discord are reached directly (set HTTPS_PROXY/HTTP_PROXY to use one).';
  }
  const where = (proxy: ProxyServer | null, names: string): string => {
    if (proxy === null) return `directly (${names} not set)`;
    return `via ${proxy.label} (${proxy.variable}${proxy.authorization ? ', with credentials' : ''})`;
  };
  const bypass = settings.noProxy.map((r) => (r.port === null ? r.host : `${r.host}:${r.port}`));
  const shown = bypass.length > 10 ? [...bypass.slice(0, 10), `… ${bypass.length - 10} more`] : bypass;
  return (
    `Proxy: https:// requests go ${where(settings.https, 'HTTPS_PROXY')}; http:// requests go ` +
    `${where(settings.http, 'HTTP_PROXY')}; NO_PROXY: ${shown.length > 0 ? shown.join(', ') : 'none'}.`
  );
}

/** The proxy itself could not be reached. `code`: FeedUnreachable for feeds, DeliveryFailed for chat platforms. */
export function proxyUnreachable(
  proxy: ProxyServer,
  error: Error,
  code: ErrorCode = ErrorCode.FeedUnreachable,
): BreachwatchError {
  const errno = (error as { code?: unknown }).code;
  const detail = typeof errno === 'string' ? errno : error.message;
  return new BreachwatchError(
    code,
    `could not reach the proxy ${proxy.label} (${detail}); check ${proxy.variable} (host and port) and that the proxy is up.`,
    { cause: error },
  );
}

/** What a proxy's refusal means and what to check. Used for CONNECT answers and for http:// answers from the proxy. */
export function proxyRefusal(
  proxy: ProxyServer,
  target: string,
  status: number,
  code: ErrorCode = ErrorCode.FeedUnreachable,
): BreachwatchError {
  const by = `the proxy ${proxy.label} refused ${target} (HTTP ${status})`;
  const advice =
    status === 407
      ? proxy.authorization
        ? `it did not accept the user name and password in ${proxy.variable}; check them (special characters %-encoded).`
        : `it wants a login; put it in ${proxy.variable} as http://user:password@host:port.`
      : status === 403
        ? 'it does not allow this site; ask the network team to allow it, or add the host to NO_PROXY if it is ' +
          'reachable directly.'
        : status === 502 || status === 503 || status === 504
          ? 'the proxy could not reach the site: it may be down or the name may not resolve there; it will be ' +
            'retried with back-off.'
          : `check ${proxy.variable} and the proxy's logs.`;
  return new BreachwatchError(code, `${by}: ${advice}`);
}
