// Which feed URLs and network addresses breachwatch may fetch from. Pure checks, no I/O:
// http-get.ts applies them to the URL, to every DNS answer, to every redirect hop and to the
// address the socket actually connected to.

export interface AddressPolicyOptions {
  /** Allow loopback and private networks. Off by default; tests and local demos switch it on. */
  allowPrivateAddresses?: boolean;
}

export type AddressCheck = { ok: true } | { ok: false; reason: string; message: string };
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string; message: string };

const ADVICE = 'feeds must be on the public internet. Set fetch.allowPrivateAddresses: true only for local testing.';

interface Range4 {
  base: number;
  bits: number;
  label: string;
}

function v4(text: string, bits: number, label: string): Range4 {
  const parsed = parseIPv4(text);
  if (parsed === null) throw new Error(`bad range ${text}`);
  return { base: parsed, bits, label };
}

// Every IPv4 range that is not ordinary public unicast (IANA special-purpose registry).
const BLOCKED_V4: readonly Range4[] = [
  v4('0.0.0.0', 8, 'a "this network" address (0.0.0.0/8)'),
  v4('10.0.0.0', 8, 'a private address (RFC 1918)'),
  v4('100.64.0.0', 10, 'a carrier-grade NAT address (100.64.0.0/10, RFC 6598)'),
  v4('127.0.0.0', 8, 'a loopback address (127.0.0.0/8)'),
  v4('169.254.0.0', 16, 'a link-local address (169.254.0.0/16, where cloud metadata services live)'),
  v4('172.16.0.0', 12, 'a private address (RFC 1918)'),
  v4('192.0.0.0', 24, 'an IETF protocol address (192.0.0.0/24)'),
  v4('192.0.2.0', 24, 'a documentation address (192.0.2.0/24)'),
  v4('192.88.99.0', 24, 'a 6to4 relay address (192.88.99.0/24)'),
  v4('192.168.0.0', 16, 'a private address (RFC 1918)'),
  v4('198.18.0.0', 15, 'a benchmarking address (198.18.0.0/15)'),
  v4('198.51.100.0', 24, 'a documentation address (198.51.100.0/24)'),
  v4('203.0.113.0', 24, 'a documentation address (203.0.113.0/24)'),
  v4('224.0.0.0', 4, 'a multicast address (224.0.0.0/4)'),
  v4('255.255.255.255', 32, 'the broadcast address'),
  v4('240.0.0.0', 4, 'a reserved address (240.0.0.0/4)'),
];

/** Parses a dotted-quad IPv4 address (strict: four decimal parts, 0..255). Returns it as an unsigned number. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/** Parses an IPv6 address (with optional embedded IPv4 tail and zone id) into eight 16-bit groups. */
export function parseIPv6(text: string): number[] | null {
  let input = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = input.indexOf('%');
  if (zone >= 0) input = input.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(input)) return null;
  let tail: number[] = [];
  const lastColon = input.lastIndexOf(':');
  if (input.includes('.')) {
    const ipv4 = parseIPv4(input.slice(lastColon + 1));
    if (ipv4 === null) return null;
    tail = [Math.floor(ipv4 / 65536), ipv4 % 65536];
    input = input.slice(0, lastColon + 1);
    if (!input.endsWith('::')) input = input.slice(0, -1);
  }
  const halves = input.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string | undefined): number[] | null => {
    if (part === undefined || part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const head = toGroups(halves[0]);
  const rest = toGroups(halves[1]);
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 1) {
    return explicit === 8 ? [...head, ...tail] : null;
  }
  if (explicit > 7) return null;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
}

function inRange4(address: number, range: Range4): boolean {
  const size = 2 ** (32 - range.bits);
  return Math.floor(address / size) === Math.floor(range.base / size);
}

function describeV4(address: number): string | null {
  for (const range of BLOCKED_V4) {
    if (inRange4(address, range)) return range.label;
  }
  return null;
}

function prefixMatches(groups: readonly number[], prefix: readonly number[], bits: number): boolean {
  let remaining = bits;
  for (let i = 0; remaining > 0; i++) {
    const take = Math.min(16, remaining);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
    remaining -= take;
  }
  return true;
}

function embeddedV4(groups: readonly number[], index: number): number {
  return (groups[index] ?? 0) * 65536 + (groups[index + 1] ?? 0);
}

function formatV4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

function describeV6(groups: readonly number[]): string | null {
  if (groups.every((g) => g === 0)) return 'the unspecified address (::)';
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return 'a loopback address (::1)';
  if (prefixMatches(groups, [0, 0, 0, 0, 0, 0xffff], 96)) {
    const inner = embeddedV4(groups, 6);
    const label = describeV4(inner);
    return label === null ? null : `an IPv4-mapped address of ${formatV4(inner)}, ${label}`;
  }
  if (prefixMatches(groups, [0, 0, 0, 0, 0, 0], 96)) return 'a deprecated IPv4-compatible address (::/96)';
  if (prefixMatches(groups, [0x64, 0xff9b], 96)) {
    const inner = embeddedV4(groups, 6);
    const label = describeV4(inner);
    return label === null ? null : `a NAT64 address of ${formatV4(inner)}, ${label}`;
  }
  if (prefixMatches(groups, [0xfc00], 7)) return 'a unique local address (fc00::/7)';
  if (prefixMatches(groups, [0xfe80], 10)) return 'a link-local address (fe80::/10)';
  if (prefixMatches(groups, [0xfec0], 10)) return 'a deprecated site-local address (fec0::/10)';
  if (prefixMatches(groups, [0xff00], 8)) return 'a multicast address (ff00::/8)';
  if (prefixMatches(groups, [0x2001, 0x0db8], 32)) return 'a documentation address (2001:db8::/32)';
  if (prefixMatches(groups, [0x2001, 0], 32)) return 'a Teredo tunnel address (2001::/32)';
  if (prefixMatches(groups, [0x2002], 16)) {
    const inner = embeddedV4(groups, 1);
    const label = describeV4(inner);
    return label === null ? null : `a 6to4 address of ${formatV4(inner)}, ${label}`;
  }
  if (!prefixMatches(groups, [0x2000], 3)) return 'a reserved address (outside 2000::/3 global unicast)';
  return null;
}

/**
 * What kind of non-public address this is, or null when it is public unicast (or not an IP literal).
 * Accepts dotted IPv4 and IPv6 (bracketed or not, IPv4-mapped forms included).
 */
export function describeNonPublicAddress(address: string): string | null {
  const asV4 = parseIPv4(address);
  if (asV4 !== null) return describeV4(asV4);
  const asV6 = parseIPv6(address);
  if (asV6 !== null) return describeV6(asV6);
  return null;
}

export function isIpLiteral(host: string): boolean {
  return parseIPv4(host) !== null || parseIPv6(host) !== null;
}

/** Checks one resolved or connected IP address against the policy. */
export function checkAddress(address: string, options: AddressPolicyOptions = {}): AddressCheck {
  if (!isIpLiteral(address)) {
    return { ok: false, reason: 'not_an_ip', message: `refused: "${address}" is not an IP address.` };
  }
  if (options.allowPrivateAddresses === true) return { ok: true };
  const label = describeNonPublicAddress(address);
  if (label === null) return { ok: true };
  return { ok: false, reason: 'non_public_address', message: `refused: ${address} is ${label}; ${ADVICE}` };
}

function refuse(reason: string, message: string): UrlCheck {
  return { ok: false, reason, message };
}

/**
 * Checks a feed URL before any connection: scheme, credentials, and the host when it is an IP literal
 * or a name that always means this machine (localhost). Names are checked again after DNS (http-get.ts).
 */
export function checkUrl(input: string | URL, options: AddressPolicyOptions = {}): UrlCheck {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input.trim()) : new URL(input.href);
  } catch {
    return refuse('invalid_url', `refused: "${String(input)}" is not a valid URL; give a full http:// or https:// address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse(
      'scheme',
      `refused: ${url.protocol.replace(/:$/, '')}: URLs are not allowed; feeds must be http:// or https:// addresses.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    return refuse(
      'credentials',
      `refused: ${url.host} URL carries a user name or password; remove the "user:password@" part (breachwatch does not send credentials in URLs).`,
    );
  }
  const host = url.hostname;
  if (host === '') return refuse('invalid_url', 'refused: the URL has no host name.');
  if (options.allowPrivateAddresses === true) return { ok: true, url };
  const bareName = host.toLowerCase().replace(/\.$/, '');
  if (bareName === 'localhost' || bareName.endsWith('.localhost')) {
    return refuse('non_public_address', `refused: ${host} is this machine (loopback); ${ADVICE}`);
  }
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIpLiteral(literal)) {
    const check = checkAddress(literal, options);
    if (!check.ok) return check;
  }
  return { ok: true, url };
}
