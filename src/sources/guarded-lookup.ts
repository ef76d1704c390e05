// The network half of the address policy: DNS answers and connected sockets, with an injectable
// resolver (tests map names to addresses without a DNS server) and a narrow, test-only allowance for
// exact loopback address:port pairs (a loopback test server standing in for "a public site").
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { checkAddress, checkUrl, parseIPv4, parseIPv6 } from './address-policy.ts';
import type { AddressCheck, UrlCheck } from './address-policy.ts';

/** Resolves a host name to every address it has. Production uses the system resolver (getaddrinfo). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Exact "address:port" pairs the policy lets through although they are not public. Only loopback
 * addresses with an explicit port are accepted ("127.0.0.1:41234", "[::1]:41234"): the allowance can
 * name a test server on this machine and nothing else — never a range, a private network, a
 * link-local or metadata address, or a whole host.
 */
export type AddressAllowance = ReadonlySet<string>;

export interface NetworkPolicy {
  allowPrivateAddresses: boolean;
  allowances: AddressAllowance;
}

const ALLOWANCE = /^(?:(127\.\d{1,3}\.\d{1,3}\.\d{1,3})|\[(::1)\]):(\d{1,5})$/;

/** Validates allowAddresses entries; anything but loopback:port is a programming error and throws. */
export function parseAllowances(entries: readonly string[] | undefined): AddressAllowance {
  const allowed = new Set<string>();
  for (const entry of entries ?? []) {
    const match = ALLOWANCE.exec(entry.trim());
    const address = match?.[1] ?? match?.[2];
    const port = Number(match?.[3]);
    const loopback = address !== undefined && (address === '::1' || parseIPv4(address) !== null);
    if (!loopback || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new BreachwatchError(
        ErrorCode.FeedUrlRefused,
        `allowAddresses entry "${entry}" is not allowed: it may only name a loopback test server as address:port (e.g. 127.0.0.1:41234).`,
      );
    }
    allowed.add(allowanceKey(address, port));
  }
  return allowed;
}

function allowanceKey(address: string, port: number): string {
  const bare = address.startsWith('[') ? address.slice(1, -1) : address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  const host = mapped ?? bare;
  return parseIPv6(host) !== null && parseIPv4(host) === null ? `[${host.toLowerCase()}]:${port}` : `${host}:${port}`;
}

export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** checkAddress, except for an allowed address:port pair. */
export function checkNetworkAddress(address: string, port: number, policy: NetworkPolicy): AddressCheck {
  if (policy.allowances.has(allowanceKey(address, port))) return { ok: true };
  return checkAddress(address, { allowPrivateAddresses: policy.allowPrivateAddresses });
}

/** checkUrl, except that an IP-literal host:port on the allowance list is not refused for being non-public. */
export function checkHopUrl(input: string | URL, policy: NetworkPolicy): UrlCheck {
  const result = checkUrl(input, { allowPrivateAddresses: policy.allowPrivateAddresses });
  if (result.ok || result.reason !== 'non_public_address' || policy.allowances.size === 0) return result;
  const url = new URL(typeof input === 'string' ? input.trim() : input.href);
  return policy.allowances.has(allowanceKey(url.hostname, portOf(url))) ? { ok: true, url } : result;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Resolves `hostname` with `resolver` and checks EVERY answer (an attacker's DNS can mix a public and
 * a private answer). Throws an ENOTFOUND-coded error when there is no answer, and a FeedUrlRefused
 * BreachwatchError when any answer is not allowed.
 */
export async function resolveChecked(
  resolver: Resolver,
  hostname: string,
  port: number,
  policy: NetworkPolicy,
  family: 0 | 4 | 6 = 0,
): Promise<LookupAddress[]> {
  const answers = await resolver(hostname);
  const addresses = family === 0 ? [...answers] : answers.filter((a) => a.family === family);
  if (addresses.length === 0) throw Object.assign(new Error(`no addresses for ${hostname}`), { code: 'ENOTFOUND' });
  for (const entry of addresses) {
    const check = checkNetworkAddress(entry.address, port, policy);
    if (!check.ok) throw new BreachwatchError(ErrorCode.FeedUrlRefused, `${hostname} resolves to ${entry.address}: ${check.message}`);
  }
  return addresses;
}

/**
 * A `lookup` for http.request that resolves and checks with resolveChecked. Node then connects only to
 * the answers given here; http-get.ts checks the connected socket's address again.
 */
export function guardedLookup(resolver: Resolver, port: number, policy: NetworkPolicy) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    resolveChecked(resolver, hostname, port, policy, family).then(
      (addresses) => {
        if (options.all === true) return callback(null, addresses);
        const first = addresses[0] as LookupAddress;
        return callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, []),
    );
  };
}
