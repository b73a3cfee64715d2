// API tokens: created once and shown once, stored as SHA-256, resolved to an organization and a role per request.
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LRUCache } from 'lru-cache';
import type { Role } from './roles';
import { query } from '../db/transaction';

export interface Viewer {
  organizationId: string;
  role: Role;
  /** The token's label: what the timeline shows as the actor. */
  tokenName: string;
}

const TOKEN_PREFIX = 'cd_';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export class AuthService {
  /** Lookups are cached briefly: one query per token per 10 s, not per request. Revocation takes effect within that. */
  private readonly cache = new LRUCache<string, Viewer | 'invalid'>({ max: 10_000, ttl: 10_000 });

  constructor(private readonly dataSource: DataSource) {}

  /** Creates the organization if needed and a token for it; returns the token, which is never stored. */
  async createToken(organization: string, role: Role, name: string): Promise<{ token: string; organizationId: string }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
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

  /** Revokes the organization's live tokens of that name (the demo token is replaced at every start, not piled up). */
  async revokeByName(organization: string, name: string): Promise<number> {
    const rows = await query(
      this.dataSource,
      `UPDATE api_token SET revoked_at = now()
       WHERE name = $2 AND revoked_at IS NULL AND organization_id = (SELECT id FROM organization WHERE name = $1)
       RETURNING id`,
      [organization, name],
    );
    this.cache.clear();
    return rows.length;
  }

  /** The viewer behind an `Authorization` header value, or null for a missing, unknown or revoked token. */
  async authenticate(authorization: string | undefined | null): Promise<Viewer | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match || !match[1].startsWith(TOKEN_PREFIX)) return null;
    const token = match[1];
    const cached = this.cache.get(token);
    if (cached) return cached === 'invalid' ? null : cached;
    const [row] = await query<{ organization_id: string; role: Role; name: string }>(
      this.dataSource,
      `SELECT organization_id, role, name FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashToken(token)],
    );
    const viewer: Viewer | null = row ? { organizationId: row.organization_id, role: row.role, tokenName: row.name } : null;
    this.cache.set(token, viewer ?? 'invalid');
    return viewer;
  }
}
