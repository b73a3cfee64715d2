// API tokens: created once and shown once, stored as SHA-256, resolved to an organization and a role per request.
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LRUCache } from 'lru-cache';
import type { Role } from './roles';
import { query } from '../db/transaction';
import { TOKENS_CHANNEL } from '../pubsub/channels';

export interface Viewer {
  organizationId: string;
  /** The token's database id: revoking it ends what it opened (websockets included). */
  tokenId: string;
  role: Role;
  /** The token's label: what the timeline shows as the actor. */
  tokenName: string;
}

const TOKEN_PREFIX = 'cd_';

/** A token as its organization's admins see it: never the token itself, which is shown once at creation. */
export interface ApiTokenRow {
  id: string;
  organization_id: string;
  name: string;
  role: Role;
  created_at: Date;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS = 'id, organization_id, name, role, created_at, revoked_at';

/** The token in an `Authorization: Bearer …` value, or null. */
function bearerToken(authorization: string | undefined | null): string | null {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? null;
}

function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export class AuthService {
  /**
   * Lookups are cached briefly: one query per token per 10 s, not per request. A revocation clears the cache of
   * every process at once (they hear it); the 10 s bound the others only if that notification is lost.
   */
  private readonly cache = new LRUCache<string, Viewer | 'invalid'>({ max: 10_000, ttl: 10_000 });

  /**
   * Tokens revoked lately (heard from any process): a lookup that started before the revocation committed must not
   * bring the token back, in the cache or on a websocket. A minute covers any lookup in flight.
   */
  private readonly revoked = new LRUCache<string, true>({ max: 10_000, ttl: 60_000 });
  /** Bumped by forget(): a lookup that started before it does not write its (maybe outdated) answer to the cache. */
  private generation = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Creates the organization if needed and a token for it; returns the token, which is never stored. */
  async createToken(organization: string, role: Role, name: string): Promise<{ token: string; organizationId: string }> {
    const token = newToken();
    const [row] = await query<{ organization_id: string }>(
      this.dataSource,
      `WITH org AS (
         INSERT INTO organization (name) VALUES ($1)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name
         RETURNING id
       )
       INSERT INTO api_token (organization_id, name, role, token_hash) SELECT org.id, $2, $3, $4 FROM org
       RETURNING organization_id`,
      [organization, name, role, hashToken(token)],
    );
    return { token, organizationId: row.organization_id };
  }

  /** A new token of an existing organization (an admin's `createApiToken`); the token is returned once, never stored. */
  async issueToken(organizationId: string, role: Role, name: string): Promise<{ token: string; row: ApiTokenRow }> {
    const token = newToken();
    const [row] = await query<ApiTokenRow>(
      this.dataSource,
      `INSERT INTO api_token (organization_id, name, role, token_hash) VALUES ($1, $2, $3, $4) RETURNING ${TOKEN_COLUMNS}`,
      [organizationId, name, role, hashToken(token)],
    );
    return { token, row };
  }

  /**
   * The organization's tokens, newest first; `after` (created at, id) continues a page. Compared at millisecond
   * precision, the cursor's: tokens created in the same millisecond are ordered by id, none is skipped.
   */
  async listTokens(organizationId: string, options: { limit: number; includeRevoked: boolean; after: [string, string] | null }): Promise<{ rows: ApiTokenRow[]; total: number }> {
    const where = `organization_id = $1 AND ($2 OR revoked_at IS NULL)`;
    const [rows, [{ total }]] = await Promise.all([
      query<ApiTokenRow>(
        this.dataSource,
        `SELECT ${TOKEN_COLUMNS} FROM api_token
         WHERE ${where} AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) < ($3, $4::uuid))
         ORDER BY date_trunc('milliseconds', created_at) DESC, id DESC LIMIT $5`,
        [organizationId, options.includeRevoked, options.after?.[0] ?? null, options.after?.[1] ?? null, options.limit],
      ),
      query<{ total: number }>(this.dataSource, `SELECT count(*)::int AS total FROM api_token WHERE ${where}`, [organizationId, options.includeRevoked]),
    ]);
    return { rows, total };
  }

  async findToken(organizationId: string, tokenId: string): Promise<ApiTokenRow | null> {
    const [row] = await query<ApiTokenRow>(this.dataSource, `SELECT ${TOKEN_COLUMNS} FROM api_token WHERE id = $1 AND organization_id = $2`, [tokenId, organizationId]);
    return row ?? null;
  }

  /**
   * Revokes a token of the organization (again: no change). Every process hears it (TOKENS_CHANNEL) and drops the
   * token at once: its cached lookups and its open websockets. Null when the organization has no such token.
   */
  async revokeToken(organizationId: string, tokenId: string): Promise<ApiTokenRow | null> {
    const [row] = await query<ApiTokenRow>(
      this.dataSource,
      `WITH revoked AS (
         UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND organization_id = $2 RETURNING ${TOKEN_COLUMNS}
       )
       SELECT revoked.*, pg_notify($3, json_build_object('o', organization_id, 't', id)::text) AS notified FROM revoked`,
      [tokenId, organizationId, TOKENS_CHANNEL],
    );
    if (row) this.markRevoked(row.id);
    return row ?? null;
  }

  /** A token was revoked (here or in another process): it stops working in this process at once. */
  markRevoked(tokenId: string): void {
    this.revoked.set(tokenId, true);
    this.forget();
  }

  isRevoked(tokenId: string): boolean {
    return this.revoked.has(tokenId);
  }

  /** Whether this header's token is known here (valid or not) without asking the database. */
  isCached(authorization: string | undefined | null): boolean {
    const token = bearerToken(authorization);
    return token !== null && this.cache.has(token);
  }

  /** Of these token ids, the ones still live (not revoked): open websockets are checked again after a resync. */
  async liveTokens(tokenIds: string[]): Promise<Set<string>> {
    if (tokenIds.length === 0) return new Set();
    const rows = await query<{ id: string }>(this.dataSource, `SELECT id FROM api_token WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL`, [tokenIds]);
    return new Set(rows.map((r) => r.id));
  }

  /** Forgets every cached lookup: a token was revoked somewhere (or notifications may have been missed). */
  forget(): void {
    this.generation++;
    this.cache.clear();
  }

  /** Revokes the organization's live tokens of that name (the demo token is replaced at every start, not piled up). */
  async revokeByName(organization: string, name: string): Promise<number> {
    const rows = await query(
      this.dataSource,
      `UPDATE api_token SET revoked_at = now()
       WHERE name = $2 AND revoked_at IS NULL AND organization_id = (SELECT id FROM organization WHERE name = $1)
       RETURNING id`,
      [organization, name],
    );
    this.forget();
    return rows.length;
  }

  /** The viewer behind an `Authorization` header value, or null for a missing, unknown or revoked token. */
  async authenticate(authorization: string | undefined | null): Promise<Viewer | null> {
    const token = bearerToken(authorization);
    if (!token?.startsWith(TOKEN_PREFIX)) return null;
    const cached = this.cache.get(token);
    if (cached) return cached === 'invalid' ? null : cached;
    const generation = this.generation;
    const [row] = await query<{ id: string; organization_id: string; role: Role; name: string }>(
      this.dataSource,
      `SELECT id, organization_id, role, name FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashToken(token)],
    );
    const live = row && !this.revoked.has(row.id);
    const viewer: Viewer | null = live ? { organizationId: row.organization_id, tokenId: row.id, role: row.role, tokenName: row.name } : null;
    if (generation === this.generation) this.cache.set(token, viewer ?? 'invalid');
    return viewer;
  }
}
