// The crises this process read or wrote last, so the command path can usually skip its read round trip.
//
// Safe by construction, not by freshness: a command decided on a remembered snapshot only ever leads to the
// version-guarded write, which applies only if the crisis is still at that version. Anything else decided on a
// remembered snapshot (a refusal, a version conflict, "nothing to do") is decided again on a fresh read before
// the caller hears it. Notifications (every process's commits, with their version) drop outdated snapshots, so
// a crisis changed through another process costs one fresh read, not a wrong answer.
import { LRUCache } from 'lru-cache';
import type { CrisisRow } from './crisis.record';

/** About 2 KB each. */
const MAX_CRISES = 10_000;

export class CrisisSnapshots {
  private readonly rows = new LRUCache<string, CrisisRow>({ max: MAX_CRISES });
  /** The newest version a notification announced, per crisis: a slower response must not bring back an older row. */
  private readonly announced = new LRUCache<string, number>({ max: MAX_CRISES });

  /** The remembered row of an organization's crisis, if any (another organization's id is simply unknown here). */
  get(organizationId: string, crisisId: string): CrisisRow | undefined {
    const row = this.rows.get(crisisId);
    return row && row.organization_id === organizationId ? row : undefined;
  }

  /** Remembers a row just read or written, unless a newer version of the crisis was already announced. */
  remember(row: CrisisRow): void {
    if ((this.announced.get(row.id) ?? 0) > row.version) return;
    const current = this.rows.get(row.id);
    if (!current || current.version <= row.version) this.rows.set(row.id, row);
  }

  forget(crisisId: string): void {
    this.rows.delete(crisisId);
  }

  /** A commit reached version `version` of the crisis (from any process): older snapshots go. */
  announce(crisisId: string, version: number): void {
    if ((this.announced.get(crisisId) ?? 0) < version) this.announced.set(crisisId, version);
    const current = this.rows.get(crisisId);
    if (current && current.version < version) this.rows.delete(crisisId);
  }

  /** Notifications may have been missed (the LISTEN connection dropped): nothing remembered can be trusted. */
  clear(): void {
    this.rows.clear();
    this.announced.clear();
  }
}
