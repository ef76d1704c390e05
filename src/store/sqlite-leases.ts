// Leases in SQLite: one statement takes a free or expired lease, or renews our own, atomically.
import type { LeaseStore } from './ports.ts';
import type { SqliteContext } from './sqlite-db.ts';
import { run, text } from './sqlite-db.ts';

const TRY_ACQUIRE = `
  INSERT INTO leases (name, owner, expires_at) VALUES (?1, ?2, ?3)
  ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
  WHERE leases.owner = excluded.owner OR leases.expires_at <= ?4`;

export function createSqliteLeaseStore(ctx: SqliteContext): LeaseStore {
  return {
    tryAcquireLease(name, owner, ttlMs, now) {
      return run(ctx, `take the lease ${name}`, () => {
        if (!Number.isFinite(ttlMs) || ttlMs <= 0 || !Number.isFinite(now)) {
          throw new RangeError(`A lease needs a positive ttlMs and a finite now (got ttlMs=${ttlMs}, now=${now}).`);
        }
        const result = ctx.statement(TRY_ACQUIRE).run(name, owner, Math.floor(now + ttlMs), Math.floor(now));
        return Number(result.changes) === 1;
      });
    },

    leaseHolder(name, now) {
      return run(ctx, `read the lease ${name}`, () => {
        const row = ctx.statement('SELECT owner FROM leases WHERE name = ? AND expires_at > ?').get(name, Math.floor(now));
        return row ? text(row, 'owner') : null;
      });
    },

    releaseLease(name, owner) {
      return run(ctx, `release the lease ${name}`, () => {
        ctx.statement('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
      });
    },
  };
}
