// One process per instance id and store: each process holds the lease `instance:<id>` while it runs.
// A second process with the same id refuses to start (docs/adr/008-poll-lease-and-crash-safety.md);
// a restart after a crash takes the lease over at once when its holder is provably dead here, and
// otherwise waits for it to expire (a live holder renews it, so it never does).
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { LeaseStore } from '../store/ports.ts';
import { formatOwner, holderState, type LeaseOwner } from './lease-owner.ts';

export const INSTANCE_LEASE_TTL_MS = 60 * 1000;
const RENEW_EVERY_MS = 15 * 1000;
const RECHECK_MS = 1000;

export interface InstanceLeaseDeps {
  store: LeaseStore;
  owner: LeaseOwner;
  now: () => Date;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
  isRunning?: (pid: number) => boolean;
}

export interface InstanceLease {
  /** Stops renewing and gives the lease up (shutdown). */
  release(): Promise<void>;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function refusal(instance: string, holder: string): BreachwatchError {
  return new BreachwatchError(
    ErrorCode.ConfigInvalid,
    `Another breachwatch process (${holder}) is running with BREACHWATCH_INSTANCE_ID=${instance} on this store. ` +
      'Set BREACHWATCH_INSTANCE_ID to a value unique to each process sharing the store (e.g. the container name), or stop the other one.',
  );
}

/** Takes this instance's lease, renewed until release(); throws a ConfigInvalid error when another live process holds it. */
export async function claimInstance(deps: InstanceLeaseDeps): Promise<InstanceLease> {
  const { store, owner, log } = deps;
  const name = `instance:${owner.instance}`;
  const me = formatOwner(owner);
  const sleep = deps.sleep ?? wait;
  const deadline = deps.now().getTime() + INSTANCE_LEASE_TTL_MS + RECHECK_MS;
  let warned = false;
  while (!(await store.tryAcquireLease(name, me, INSTANCE_LEASE_TTL_MS, deps.now().getTime()))) {
    const holder = await store.leaseHolder(name, deps.now().getTime());
    if (holder === null) continue; // expired or released in between
    const state = holderState(holder, owner, deps.isRunning);
    if (state === 'alive') throw refusal(owner.instance, holder);
    if (state === 'dead') {
      log.info('instance:taken-over', `The lease of instance ${owner.instance} was held by ${holder}, which no longer runs here; taking it over.`);
      await store.releaseLease(name, holder);
      continue;
    }
    if (deps.now().getTime() >= deadline) throw refusal(owner.instance, holder);
    if (!warned) {
      warned = true;
      log.warn(
        'instance:waiting',
        `Instance ${owner.instance} is held by ${holder}, on another host or container; waiting up to ${INSTANCE_LEASE_TTL_MS / 1000} s for it to expire. ` +
          'If that process still runs, this one will refuse to start: give each process its own BREACHWATCH_INSTANCE_ID.',
      );
    }
    await sleep(RECHECK_MS);
  }
  const renew = setInterval(() => {
    store.tryAcquireLease(name, me, INSTANCE_LEASE_TTL_MS, deps.now().getTime()).then(
      (held) => {
        if (held) return;
        log.error(
          'instance:lost',
          `Another process took the lease of instance ${owner.instance} (this one stalled for over a minute); ` +
            'give each process its own BREACHWATCH_INSTANCE_ID.',
        );
      },
      (error: unknown) => log.warn('instance:renew', `Could not renew the lease of instance ${owner.instance}: ${String(error)}`),
    );
  }, RENEW_EVERY_MS);
  renew.unref();
  return {
    async release() {
      clearInterval(renew);
      await store.releaseLease(name, me);
    },
  };
}
