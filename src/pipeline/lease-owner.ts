// Who holds a lease, written so that no two processes ever share an owner and a holder is judged dead
// only where its pid means something: `instance#pid@namespace~nonce`. The namespace is this kernel's
// boot id and PID namespace; a pid is checked with kill(pid, 0) only when the holder's namespace is
// ours. A holder elsewhere (another host or container) is waited out until its lease expires.
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';

export interface LeaseOwner {
  /** BREACHWATCH_INSTANCE_ID (default the host name): one process at a time per id and store. */
  instance: string;
  pid: number;
  /** `bootId/pidNamespace` on Linux; null where it cannot be read (no pid is ever checked then). */
  namespace: string | null;
  /** Random per process: two processes with the same instance, pid and namespace still differ. */
  nonce: string;
}

const UNKNOWN = 'unknown';
const OWNER = /^(.+)#(\d+)@([^~]+)~([\w-]+)$/;

export function formatOwner(owner: LeaseOwner): string {
  return `${owner.instance}#${owner.pid}@${owner.namespace ?? UNKNOWN}~${owner.nonce}`;
}

/** The parts of an owner written by formatOwner, or null for anything else (an older format). */
export function parseOwner(text: string): LeaseOwner | null {
  const match = OWNER.exec(text);
  if (!match) return null;
  const [, instance = '', pid = '', namespace = UNKNOWN, nonce = ''] = match;
  return { instance, pid: Number(pid), namespace: namespace === UNKNOWN ? null : namespace, nonce };
}

/** This process as a lease owner, with a fresh nonce. */
export function newLeaseOwner(instance: string, pid = process.pid, namespace = pidNamespace()): LeaseOwner {
  return { instance, pid, namespace, nonce: randomBytes(6).toString('base64url') };
}

/**
 * The kernel boot id and this process's PID namespace (Linux): two processes whose pids can be
 * compared have the same value. Containers on one host share the boot id but not the namespace.
 */
export function pidNamespace(): string | null {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const ns = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1];
    return boot && ns ? `${boot}/${ns}` : null;
  } catch {
    // Not Linux, or /proc hidden: no pid check is ever made, leases are waited out.
    return null;
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What can be said of a lease holder from here: only a holder in our namespace can be judged. */
export type HolderState = 'dead' | 'alive' | 'unknown';

export function holderState(holder: string, self: LeaseOwner, running: (pid: number) => boolean = isRunning): HolderState {
  const other = parseOwner(holder);
  if (!other || self.namespace === null || other.namespace !== self.namespace || !(other.pid > 0)) return 'unknown';
  if (other.pid === self.pid) return other.nonce === self.nonce ? 'alive' : 'dead'; // our pid: an earlier process
  return running(other.pid) ? 'alive' : 'dead';
}
