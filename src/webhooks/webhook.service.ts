// Webhook endpoints as admins manage them: validated input (URL safety, known event types, the organization's
// brands), secrets made and sealed here, rotation with a grace period, redelivery from a cursor, test sends.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { BadUserInputError, optionalText, requireText } from '../graphql/errors';
import { TIMELINE_EVENT_TYPES } from '../crisis/timeline-types';
import type { WebhookConfig } from '../config';
import { newSigningSecret, SecretBox } from './secrets';
import { targetProblem } from './targets';
import { queueTestDelivery, readEndpoint, redeliverFrom, type DeliveryRow, type EndpointRow } from './webhook.store';

/** Endpoints per organization. */
export const MAX_ENDPOINTS = 50;
/** Events one redeliverWebhooks call queues at most (ask again from the last one for more). */
export const MAX_REDELIVERY = 10_000;
/** How long the previous secret keeps signing after a rotation, by default and at most. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;
const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

export interface EndpointInput {
  url?: string | null;
  eventTypes?: string[] | null;
  brandIds?: string[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

export class WebhookService {
  private box: Promise<SecretBox> | null = null;
  /** Called when deliveries were queued outside the timeline (test, redelivery, re-enable): the worker looks at once. */
  onQueued: () => void = () => {};

  constructor(private readonly dataSource: DataSource, private readonly config: WebhookConfig) {}

  queued(): void {
    this.onQueued();
  }

  secrets(): Promise<SecretBox> {
    this.box ??= SecretBox.open(this.dataSource, this.config.secretKey).catch((error) => {
      this.box = null;
      throw error;
    });
    return this.box;
  }

  private url(raw: string): string {
    const url = requireText(raw, 'input.url', 2000);
    const problem = targetProblem(url, this.config.allowPrivateTargets);
    if (problem) throw new BadUserInputError('input.url', problem);
    return url;
  }

  private eventTypes(types: string[]): string[] {
    const unknown = types.filter((t) => !(TIMELINE_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length) throw new BadUserInputError('input.eventTypes', `unknown event types: ${unknown.slice(0, 5).join(', ')}`, { known: [...TIMELINE_EVENT_TYPES] });
    return [...new Set(types)];
  }

  /** The brand ids, each the organization's; another organization's brand is as unknown as a made-up one. */
  private async brandIds(organizationId: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length > 500) throw new BadUserInputError('input.brandIds', 'at most 500 brands');
    if (unique.length === 0) return [];
    const rows = await query<{ id: string }>(this.dataSource, `SELECT id FROM brand WHERE organization_id = $1 AND id = ANY ($2::uuid[])`, [organizationId, unique]);
    if (rows.length !== unique.length) throw new BadUserInputError('input.brandIds', 'unknown brand');
    return unique;
  }

  private description(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : optionalText(value, 'input.description', 500) || null;
  }

  async create(organizationId: string, input: EndpointInput & { url: string }, brandIds: string[]): Promise<{ secret: string; row: EndpointRow }> {
    const url = this.url(input.url);
    const eventTypes = this.eventTypes(input.eventTypes ?? []);
    const brands = await this.brandIds(organizationId, brandIds);
    const description = this.description(input.description);
    const secret = newSigningSecret();
    const sealed = (await this.secrets()).seal(secret);
    const [row] = await query<EndpointRow>(
      this.dataSource,
      `INSERT INTO webhook_endpoint (organization_id, url, description, event_types, brand_ids, secret)
       SELECT $1, $2, $3, $4, $5, $6 WHERE (SELECT count(*) FROM webhook_endpoint WHERE organization_id = $1) < $7
       RETURNING *`,
      [organizationId, url, description, eventTypes, brands, sealed, MAX_ENDPOINTS],
    );
    if (!row) throw new BadUserInputError('input', `at most ${MAX_ENDPOINTS} webhook endpoints per organization`);
    return { secret, row };
  }

  async update(organizationId: string, id: string, input: EndpointInput, brandIds: string[] | null): Promise<EndpointRow | undefined> {
    const url = input.url === null || input.url === undefined ? null : this.url(input.url);
    const eventTypes = input.eventTypes ? this.eventTypes(input.eventTypes) : null;
    const brands = brandIds ? await this.brandIds(organizationId, brandIds) : null;
    const description = input.description === undefined ? undefined : this.description(input.description);
    // New filters apply to what is still queued too: pending deliveries they no longer match, and that no worker is
    // sending (no live lease), are dropped with the change. Test deliveries (no crisis) stay.
    const [row] = await query<EndpointRow>(
      this.dataSource,
      `WITH updated AS (
         UPDATE webhook_endpoint SET
           url = coalesce($3, url), event_types = coalesce($4, event_types), brand_ids = coalesce($5, brand_ids),
           description = CASE WHEN $6 THEN $7 ELSE description END,
           enabled = coalesce($8, enabled),
           disabled_reason = CASE WHEN $8 IS TRUE THEN NULL WHEN $8 IS FALSE THEN 'disabled by an admin' ELSE disabled_reason END,
           consecutive_failures = CASE WHEN $8 IS TRUE THEN 0 ELSE consecutive_failures END,
           updated_at = now()
         WHERE organization_id = $1 AND id = $2 RETURNING *
       ), unmatched AS (
         DELETE FROM webhook_delivery d USING updated u
         WHERE d.endpoint_id = u.id AND d.status = 'PENDING' AND d.crisis_id IS NOT NULL
           AND (d.leased_until IS NULL OR d.leased_until <= now())
           AND ((cardinality(u.event_types) > 0 AND NOT d.event_type = ANY (u.event_types))
             OR (cardinality(u.brand_ids) > 0
                 AND NOT EXISTS (SELECT 1 FROM crisis c WHERE c.id = d.crisis_id AND c.brand_id = ANY (u.brand_ids))))
       )
       SELECT * FROM updated`,
      [organizationId, id, url, eventTypes, brands, description !== undefined, description ?? null, input.enabled ?? null],
    );
    return row;
  }

  async remove(organizationId: string, id: string): Promise<boolean> {
    const rows = await query(this.dataSource, `DELETE FROM webhook_endpoint WHERE organization_id = $1 AND id = $2 RETURNING id`, [organizationId, id]);
    return rows.length > 0;
  }

  /** A new secret; the current one becomes the previous and keeps signing (both signatures sent) for `graceSeconds`. */
  async rotate(organizationId: string, id: string, graceSeconds: number | null): Promise<{ secret: string; row: EndpointRow } | undefined> {
    const grace = graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
    if (!Number.isInteger(grace) || grace < 0 || grace > MAX_ROTATION_GRACE_SECONDS) {
      throw new BadUserInputError('graceSeconds', `must be an integer from 0 to ${MAX_ROTATION_GRACE_SECONDS}`);
    }
    const secret = newSigningSecret();
    const sealed = (await this.secrets()).seal(secret);
    const [row] = await query<EndpointRow>(
      this.dataSource,
      `UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_expires_at = now() + make_interval(secs => $4), secret = $3, updated_at = now()
       WHERE organization_id = $1 AND id = $2 RETURNING *`,
      [organizationId, id, sealed, grace],
    );
    return row && { secret, row };
  }

  async redeliver(organizationId: string, id: string, fromSequence: string): Promise<number | undefined> {
    const endpoint = await readEndpoint(this.dataSource, organizationId, id);
    if (!endpoint) return undefined;
    return redeliverFrom(this.dataSource, endpoint, fromSequence, MAX_REDELIVERY);
  }

  async sendTest(organizationId: string, id: string): Promise<DeliveryRow | undefined> {
    const endpoint = await readEndpoint(this.dataSource, organizationId, id);
    if (!endpoint) return undefined;
    return queueTestDelivery(this.dataSource, endpoint, (webhookId) =>
      JSON.stringify({ type: 'webhook.test', timestamp: new Date().toISOString(), data: { webhookId, endpointId: id, message: 'A test delivery from Crisis Desk' } }),
    );
  }
}
