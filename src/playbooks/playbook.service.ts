// Crisis plans: create, revise (a new immutable version), read, attach to brands, and resolve the plan a crisis pins.
import type { DataSource } from 'typeorm';
import type { SlaDefaults } from '../config';
import { query, withTransaction } from '../db/transaction';
import { BadUserInputError, NotFoundError, requireStorableText } from '../graphql/errors';
import { LRUCache } from 'lru-cache';
import { defaultPlaybook } from './default-playbook';
import type { PlaybookContent, SlaPolicyData } from './playbook.content';

export interface PlaybookRecord extends PlaybookContent {
  id: string;
  organizationId: string;
  version: number;
  currentVersion: number;
  revisionReason: string | null;
  isDefault: boolean;
  createdBy: string | null;
  createdAt: Date;
}

/** The plan a new crisis of a brand follows. */
export interface PinnedPlan {
  playbook: PlaybookRecord;
}

interface VersionRow {
  playbook_id: string;
  organization_id: string;
  version: number;
  current_version: number;
  is_default: boolean;
  name: string;
  revision_reason: string | null;
  roles: PlaybookContent['roles'];
  channels: string[];
  channel_limits: NonNullable<PlaybookContent['channelLimits']>;
  exit_criteria: NonNullable<PlaybookContent['exitCriteria']>;
  protocols: PlaybookContent['protocols'];
  sla_policies: SlaPolicyData[];
  created_by: string | null;
  created_at: Date;
}

const VERSION_COLUMNS = `v.playbook_id, v.organization_id, v.version, p.current_version, p.is_default, v.name, v.revision_reason,
  v.roles, v.channels, v.channel_limits, v.exit_criteria, v.protocols, v.sla_policies, v.created_by, v.created_at`;

function toRecord(row: VersionRow): PlaybookRecord {
  return {
    id: row.playbook_id,
    organizationId: row.organization_id,
    version: row.version,
    currentVersion: row.current_version,
    isDefault: row.is_default,
    name: row.name,
    revisionReason: row.revision_reason,
    roles: row.roles,
    channels: row.channels,
    channelLimits: row.channel_limits,
    exitCriteria: row.exit_criteria,
    protocols: row.protocols,
    slaPolicies: row.sla_policies,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

/** The version's content as the 7 parameters of the INSERTs below, in their column order. */
function contentParams(content: PlaybookContent): unknown[] {
  return [content.name, JSON.stringify(content.roles), content.channels, JSON.stringify(content.protocols), JSON.stringify(content.slaPolicies),
    JSON.stringify(content.channelLimits ?? []), JSON.stringify(content.exitCriteria ?? [])];
}

function isNameTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'playbook_organization_id_name_key';
}

export class PlaybookService {
  /** Organizations known to have their default plan already: one insert attempt per organization per process. */
  private readonly withDefault = new Set<string>();
  private readonly versions = new LRUCache<string, PlaybookRecord>({ max: 1000 });

  constructor(private readonly dataSource: DataSource, private readonly slaDefaults: SlaDefaults) {}

  /** Gives the organization its default plan if it has none yet (idempotent, safe under concurrency). */
  async ensureDefault(organizationId: string): Promise<void> {
    if (this.withDefault.has(organizationId)) return;
    const content = defaultPlaybook(this.slaDefaults);
    const insert = () =>
      query(
        this.dataSource,
        `WITH p AS (
           INSERT INTO playbook (organization_id, name, is_default) VALUES ($1, $2, true)
           ON CONFLICT (organization_id) WHERE is_default DO NOTHING RETURNING id, organization_id
         )
         INSERT INTO playbook_version (playbook_id, organization_id, version, name, roles, channels, protocols, sla_policies, channel_limits,
           exit_criteria, created_by)
         SELECT p.id, p.organization_id, 1, $2, $3, $4, $5, $6, $7, $8, 'system' FROM p`,
        [organizationId, ...contentParams(content)],
      );
    try {
      await insert();
    } catch (error) {
      // Two first uses at once: the loser can trip over the winner's row on the (organization, name) key, which ON
      // CONFLICT does not arbitrate. The winner has committed by then: once more, and the default is simply there.
      if ((error as { code?: string }).code !== '23505') throw error;
      await insert();
    }
    this.withDefault.add(organizationId);
  }

  /** The crises a version learned from, oldest first. */
  async learnedFrom(organizationId: string, playbookId: string, version: number): Promise<string[]> {
    const rows = await query<{ crisis_id: string }>(
      this.dataSource,
      `SELECT l.crisis_id FROM playbook_learned_from l JOIN crisis c ON c.id = l.crisis_id
       WHERE l.playbook_id = $1 AND l.version = $2 AND l.organization_id = $3 ORDER BY c.detected_at, c.id`,
      [playbookId, version, organizationId],
    );
    return rows.map((r) => r.crisis_id);
  }

  /** The versions that took in a crisis's lessons, oldest first. */
  async revisionsLearnedFrom(organizationId: string, crisisId: string): Promise<Array<{ playbookId: string; version: number; createdAt: Date }>> {
    const rows = await query<{ playbook_id: string; version: number; created_at: Date }>(
      this.dataSource,
      `SELECT v.playbook_id, v.version, v.created_at FROM playbook_learned_from l
       JOIN playbook_version v ON v.playbook_id = l.playbook_id AND v.version = l.version
       WHERE l.crisis_id = $1 AND l.organization_id = $2 ORDER BY v.created_at, v.version`,
      [crisisId, organizationId],
    );
    return rows.map((r) => ({ playbookId: r.playbook_id, version: r.version, createdAt: new Date(r.created_at) }));
  }

  async create(organizationId: string, actor: string, content: PlaybookContent): Promise<PlaybookRecord> {
    if (content.learnedFrom?.length) throw new BadUserInputError('input.learnedFrom', 'a first version learns from no crisis: give it to revisePlaybook');
    // The default plan exists first, so its name is taken by it and never by a plan that would block it.
    await this.ensureDefault(organizationId);
    try {
      const [row] = await query<{ id: string }>(
        this.dataSource,
        `WITH p AS (
           INSERT INTO playbook (organization_id, name) VALUES ($1, $2) RETURNING id, organization_id
         )
         INSERT INTO playbook_version (playbook_id, organization_id, version, name, roles, channels, protocols, sla_policies, channel_limits,
           exit_criteria, created_by)
         SELECT p.id, p.organization_id, 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM p
         RETURNING playbook_id AS id`,
        [organizationId, ...contentParams(content), actor],
      );
      return (await this.find(organizationId, row.id, 1))!;
    } catch (error) {
      if (isNameTaken(error)) throw new BadUserInputError('input.name', `a playbook named "${content.name}" already exists`);
      throw error;
    }
  }

  /** Writes version N+1; version N and older stay exactly as they were. */
  async revise(organizationId: string, actor: string, playbookId: string, content: PlaybookContent, reason: string): Promise<PlaybookRecord> {
    const trimmed = requireStorableText(reason, 'reason').trim();
    if (!trimmed) throw new BadUserInputError('reason', 'must not be empty');
    if (trimmed.length > 2000) throw new BadUserInputError('reason', 'must be at most 2000 characters');
    try {
      const version = await withTransaction(this.dataSource, async (tx) => {
        const [playbook] = await tx.rows<{ current_version: number }>(
          `SELECT current_version FROM playbook WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
          [playbookId, organizationId],
        );
        if (!playbook) throw new NotFoundError('Playbook', playbookId);
        const next = playbook.current_version + 1;
        await tx.rows(
          `INSERT INTO playbook_version (playbook_id, organization_id, version, name, roles, channels, protocols, sla_policies, channel_limits,
             exit_criteria, created_by, revision_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [playbookId, organizationId, next, ...contentParams(content), actor, trimmed],
        );
        await tx.rows(`UPDATE playbook SET current_version = $2, name = $3 WHERE id = $1`, [playbookId, next, content.name]);
        if (content.learnedFrom?.length) {
          const known = await tx.rows<{ id: string }>(`SELECT id FROM crisis WHERE id = ANY($1::uuid[]) AND organization_id = $2`, [content.learnedFrom, organizationId]);
          const missing = content.learnedFrom.find((id) => !known.some((k) => k.id === id));
          if (missing) throw new NotFoundError('Crisis', missing);
          await tx.rows(
            `INSERT INTO playbook_learned_from (organization_id, playbook_id, version, crisis_id) SELECT $1, $2, $3, unnest($4::uuid[])`,
            [organizationId, playbookId, next, content.learnedFrom],
          );
        }
        return next;
      });
      return (await this.find(organizationId, playbookId, version))!;
    } catch (error) {
      if (isNameTaken(error)) throw new BadUserInputError('input.name', `a playbook named "${content.name}" already exists`);
      throw error;
    }
  }

  /** One version (the current one when `version` is null), or null when unknown in this organization. */
  async find(organizationId: string, playbookId: string, version: number | null = null): Promise<PlaybookRecord | null> {
    const [row] = await query<VersionRow>(
      this.dataSource,
      `SELECT ${VERSION_COLUMNS} FROM playbook p JOIN playbook_version v ON v.playbook_id = p.id
       WHERE p.id = $1 AND p.organization_id = $2 AND v.version = coalesce($3, p.current_version)`,
      [playbookId, organizationId, version],
    );
    return row ? toRecord(row) : null;
  }

  /** The current version of every playbook of the organization, the default first, then by name. */
  async list(organizationId: string): Promise<PlaybookRecord[]> {
    await this.ensureDefault(organizationId);
    const rows = await query<VersionRow>(
      this.dataSource,
      `SELECT ${VERSION_COLUMNS} FROM playbook p JOIN playbook_version v ON v.playbook_id = p.id AND v.version = p.current_version
       WHERE p.organization_id = $1 ORDER BY p.is_default DESC, p.name LIMIT 500`,
      [organizationId],
    );
    return rows.map(toRecord);
  }

  async setBrandPlaybook(organizationId: string, brandId: string, playbookId: string): Promise<void> {
    const [row] = await query<{ brand: string | null; playbook: string | null }>(
      this.dataSource,
      `WITH p AS (SELECT id FROM playbook WHERE id = $2 AND organization_id = $3),
            b AS (UPDATE brand SET playbook_id = (SELECT id FROM p) WHERE id = $1 AND organization_id = $3 AND EXISTS (SELECT 1 FROM p) RETURNING id)
       SELECT (SELECT id FROM brand WHERE id = $1 AND organization_id = $3) AS brand, (SELECT id FROM p) AS playbook, (SELECT id FROM b) AS updated`,
      [brandId, playbookId, organizationId],
    );
    if (!row?.brand) throw new NotFoundError('Brand', brandId);
    if (!row.playbook) throw new NotFoundError('Playbook', playbookId);
  }

  /** The playbook a brand follows: its own, or the organization's default. Null when the brand is unknown. */
  async forBrand(organizationId: string, brandId: string): Promise<PlaybookRecord | null | 'no-brand'> {
    await this.ensureDefault(organizationId);
    const [row] = await query<{ brand_id: string; playbook_id: string | null }>(
      this.dataSource,
      `SELECT b.id AS brand_id, coalesce(b.playbook_id, (SELECT id FROM playbook WHERE organization_id = $2 AND is_default)) AS playbook_id
       FROM brand b WHERE b.id = $1 AND b.organization_id = $2`,
      [brandId, organizationId],
    );
    if (!row) return 'no-brand';
    return row.playbook_id ? this.find(organizationId, row.playbook_id) : null;
  }

  /** What a new crisis of this brand pins: the current version of the brand's plan. */
  async pin(organizationId: string, brandId: string): Promise<PinnedPlan | null> {
    const playbook = await this.forBrand(organizationId, brandId);
    if (playbook === 'no-brand') throw new NotFoundError('Brand', brandId);
    if (!playbook) return null;
    this.versions.set(`${playbook.id}/${playbook.version}`, playbook);
    return { playbook };
  }

  /** The version a crisis pinned when it opened (null for crises older than playbooks). */
  pinnedBy(crisis: { organization_id: string; playbook_id: string | null; playbook_version: number | null }): Promise<PlaybookRecord | null> {
    if (!crisis.playbook_id || !crisis.playbook_version) return Promise.resolve(null);
    return this.version(crisis.organization_id, crisis.playbook_id, crisis.playbook_version);
  }

  /** A written version never changes, so each is read once per process. */
  async version(organizationId: string, playbookId: string, version: number): Promise<PlaybookRecord | null> {
    const cacheKey = `${playbookId}/${version}`;
    const cached = this.versions.get(cacheKey);
    if (cached) return cached.organizationId === organizationId ? cached : null;
    const found = await this.find(organizationId, playbookId, version);
    if (found) this.versions.set(cacheKey, found);
    return found;
  }
}
