// The SQL of webhooks: endpoints, the claim of due deliveries (SKIP LOCKED, leases, per-crisis order), results.
import type { DataSource } from 'typeorm';
import { query, withTransaction, type Tx } from '../db/transaction';
import { EVENTS_CHANNEL } from '../pubsub/channels';
import { toGlobalId } from '../graphql/global-id';
import type { TimelineRow } from '../crisis/crisis.streams';

export interface EndpointRow {
  id: string;
  organization_id: string;
  url: string;
  description: string | null;
  event_types: string[];
  brand_ids: string[];
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  enabled: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRow {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_sequence: string | null;
  crisis_id: string | null;
  event_type: string;
  webhook_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  body: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_response: string | null;
  last_latency_ms: number | null;
  created_at: Date;
  delivered_at: Date | null;
}

const DELIVERY_COLUMNS = `id::text AS id, organization_id, endpoint_id, event_sequence::text AS event_sequence, crisis_id, event_type, webhook_id,
  status, attempts, next_attempt_at, body, last_status_code, last_error, last_response, last_latency_ms, created_at, delivered_at`;

/** A claimed delivery, with what sending it needs. */
export interface ClaimedDelivery extends DeliveryRow {
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  /** Its event and crisis when the body is still to be rendered (null: rendered already, a test, or the event is gone). */
  event: EventForBody | null;
}

/**
 * Claims up to `limit` due deliveries for this process: pending, due, not leased by a live process, the earliest
 * pending one of its (endpoint, crisis) — so one crisis's events reach an endpoint in sequence order — and at most
 * `perEndpoint` in flight per endpoint across all processes. Candidates are taken per endpoint (its own free slots),
 * so a slow endpoint's backlog can neither take every slot nor crowd the others out of the claim. The lease
 * (`leaseMs`) outlives one attempt; a process that dies mid-send leaves it to expire, and the delivery is sent again
 * with the same webhook-id. A delivery not yet rendered comes with its event and crisis (`event`), to render once.
 */
export async function claimDeliveries(dataSource: DataSource, limit: number, perEndpoint: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  return query<ClaimedDelivery>(
    dataSource,
    `WITH capacity AS (
       SELECT e.id AS endpoint_id,
         $2 - (SELECT count(*) FROM webhook_delivery l WHERE l.endpoint_id = e.id AND l.status = 'PENDING' AND l.leased_until > now()) AS free
       FROM webhook_endpoint e WHERE e.enabled
     ), candidates AS (
       SELECT d.id, d.next_attempt_at FROM capacity c CROSS JOIN LATERAL (
         SELECT d.id, d.next_attempt_at FROM webhook_delivery d
         WHERE d.endpoint_id = c.endpoint_id AND d.status = 'PENDING' AND d.next_attempt_at <= now()
           AND (d.leased_until IS NULL OR d.leased_until < now())
           AND (d.crisis_id IS NULL OR NOT EXISTS (
             SELECT 1 FROM webhook_delivery p
             WHERE p.endpoint_id = d.endpoint_id AND p.crisis_id = d.crisis_id AND p.status = 'PENDING' AND p.event_sequence < d.event_sequence))
         ORDER BY d.next_attempt_at, d.id
         LIMIT greatest(c.free, 0)
         FOR UPDATE OF d SKIP LOCKED
       ) d
       WHERE c.free > 0
       ORDER BY d.next_attempt_at, d.id
       LIMIT $1
     )
     UPDATE webhook_delivery d SET leased_until = now() + make_interval(secs => $3::double precision / 1000), attempts = d.attempts + 1
     FROM candidates, webhook_endpoint e
     WHERE d.id = candidates.id AND e.id = d.endpoint_id
     RETURNING d.id::text AS id, d.organization_id, d.endpoint_id, d.event_sequence::text AS event_sequence, d.crisis_id, d.event_type, d.webhook_id,
       d.status, d.attempts, d.next_attempt_at, d.body, d.last_status_code, d.last_error, d.last_response, d.last_latency_ms, d.created_at, d.delivered_at,
       e.url, e.secret, e.previous_secret, e.previous_secret_expires_at,
       CASE WHEN d.body IS NULL THEN (
         SELECT row_to_json(x) FROM (
           SELECT ev.sequence::text AS sequence, ev.organization_id, ev.crisis_id, ev.brand_id, ev.type, ev.from_state, ev.to_state, ev.actor, ev.payload,
             ev.occurred_at, c.title, c.state, c.severity, c.version
           FROM crisis_event ev JOIN crisis c ON c.id = ev.crisis_id
           WHERE ev.organization_id = d.organization_id AND ev.sequence = d.event_sequence) x
       ) END AS event`,
    [limit, perEndpoint, leaseMs],
    'webhook_claim',
  );
}

/** Stores the body rendered for the first attempt, before it is sent, and returns the stored one (a racing claim's). */
export async function keepBody(dataSource: DataSource, deliveryId: string, body: string): Promise<string> {
  const [row] = await query<{ body: string }>(
    dataSource,
    `WITH kept AS (UPDATE webhook_delivery SET body = $2 WHERE id = $1 AND body IS NULL RETURNING body)
     SELECT body FROM kept UNION ALL SELECT body FROM webhook_delivery WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM kept)`,
    [deliveryId, body],
  );
  return row?.body ?? body;
}

export interface AttemptRecord {
  /** The body sent, kept at the first attempt so every later one sends the same bytes. */
  body: string | null;
  statusCode: number | null;
  error: string | null;
  response: string | null;
  latencyMs: number;
}

/** The timeline event (as subscriptions read it) and the crisis it belongs to, as a delivery's body needs them. */
export interface EventForBody extends TimelineRow {
  title: string;
  state: string;
  severity: string;
  version: number;
}

/**
 * A delivered attempt: the delivery is DELIVERED and the endpoint's failure run ends (one statement). Fenced by the
 * claim's attempt number: if the lease expired and another process claimed it since (or a redelivery reset it), this
 * late result changes nothing — the newer claim's does.
 */
export async function recordDelivered(dataSource: DataSource, delivery: ClaimedDelivery, attempt: AttemptRecord): Promise<void> {
  await query(
    dataSource,
    `WITH done AS (
       UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = now(), leased_until = NULL, body = coalesce(body, $5),
         last_status_code = $2, last_error = NULL, last_response = $3, last_latency_ms = $4
       WHERE id = $1 AND attempts = $6 AND status = 'PENDING' RETURNING endpoint_id
     )
     UPDATE webhook_endpoint SET consecutive_failures = 0 WHERE id = (SELECT endpoint_id FROM done) AND consecutive_failures <> 0`,
    [delivery.id, attempt.statusCode, attempt.response, attempt.latencyMs, attempt.body, delivery.attempts],
    'webhook_delivered',
  );
}

/**
 * A failed attempt: tried again at `retryAt`, or FAILED (null). The endpoint's failure run grows; at `disableAfter`
 * — or at once when `gone` (410) — the endpoint is disabled, and a WEBHOOK_ENDPOINT_DISABLED event is written to the
 * timeline of the delivery's crisis. Returns the reason when this attempt disabled the endpoint.
 */
export async function recordFailed(
  dataSource: DataSource, delivery: ClaimedDelivery, attempt: AttemptRecord, retryAt: Date | null, gone: boolean, disableAfter: number,
  countsAgainstEndpoint = true,
): Promise<string | null> {
  return withTransaction(dataSource, async (tx) => {
    const fenced = await tx.rows(
      `UPDATE webhook_delivery SET status = CASE WHEN $2::timestamptz IS NULL THEN 'FAILED' ELSE 'PENDING' END,
         next_attempt_at = coalesce($2::timestamptz, next_attempt_at), leased_until = NULL, body = coalesce(body, $7),
         last_status_code = $3, last_error = $4, last_response = $5, last_latency_ms = $6
       WHERE id = $1 AND attempts = $8 AND status = 'PENDING' RETURNING 1`,
      [delivery.id, retryAt, attempt.statusCode, attempt.error, attempt.response, attempt.latencyMs, attempt.body, delivery.attempts],
    );
    if (fenced.length === 0 || !countsAgainstEndpoint) return null; // claimed again since, or not the endpoint's fault
    const [endpoint] = await tx.rows<{ consecutive_failures: number; enabled: boolean }>(
      `UPDATE webhook_endpoint SET consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures, enabled`,
      [delivery.endpoint_id],
    );
    if (!endpoint?.enabled) return null;
    const reason = gone ? 'the endpoint answered 410 Gone' : endpoint.consecutive_failures >= disableAfter ? `${endpoint.consecutive_failures} failed attempts in a row` : null;
    if (!reason) return null;
    await tx.rows(`UPDATE webhook_endpoint SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1`, [delivery.endpoint_id, reason]);
    if (delivery.crisis_id) await writeDisabledEvent(tx, delivery, reason);
    return reason;
  });
}

/**
 * WEBHOOK_ENDPOINT_DISABLED on the crisis whose delivery disabled the endpoint, open or closed (the event does not
 * change the crisis: its version stays). Under the crisis row's lock, like every timeline write, so per-crisis
 * sequences follow commit order; notified like the others, so subscribers and other endpoints hear it.
 */
async function writeDisabledEvent(tx: Tx, delivery: ClaimedDelivery, reason: string): Promise<void> {
  await tx.rows(`SELECT 1 FROM crisis WHERE id = $1 FOR UPDATE`, [delivery.crisis_id]);
  await tx.rows(
    `WITH ev AS (
       INSERT INTO crisis_event (organization_id, crisis_id, brand_id, type, actor, payload, crisis_version)
       SELECT organization_id, id, brand_id, 'WEBHOOK_ENDPOINT_DISABLED', 'system', $3::jsonb, version FROM crisis WHERE id = $1 AND organization_id = $2
       RETURNING sequence, organization_id, crisis_id, brand_id, crisis_version
     )
     SELECT pg_notify($4, json_build_object('o', organization_id, 'c', crisis_id, 'b', brand_id, 'v', crisis_version,
       's', json_build_array(sequence::text), 't', json_build_array('WEBHOOK_ENDPOINT_DISABLED'), 'd', NULL)::text) FROM ev`,
    // The host only: URLs often carry credentials (a path token), and the timeline is readable by every role.
    [delivery.crisis_id, delivery.organization_id, JSON.stringify({ endpointId: toGlobalId('WebhookEndpoint', delivery.endpoint_id), host: new URL(delivery.url).host, reason }), EVENTS_CHANNEL],
  );
}

/** The organization's endpoints, newest first, after a (created_at, id) cursor. */
export async function listEndpoints(dataSource: DataSource, organizationId: string, first: number, after: { createdAt: string; id: string } | null): Promise<EndpointRow[]> {
  return query<EndpointRow>(
    dataSource,
    `SELECT * FROM webhook_endpoint WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [organizationId, after?.createdAt ?? null, after?.id ?? null, first + 1],
  );
}

export async function countEndpoints(dataSource: DataSource, organizationId: string): Promise<number> {
  const [row] = await query<{ n: number }>(dataSource, `SELECT count(*)::int AS n FROM webhook_endpoint WHERE organization_id = $1`, [organizationId]);
  return row.n;
}

export async function readEndpoint(dataSource: DataSource, organizationId: string, id: string): Promise<EndpointRow | undefined> {
  const [row] = await query<EndpointRow>(dataSource, `SELECT * FROM webhook_endpoint WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  return row;
}

/** An endpoint's deliveries, newest first, after an id cursor, optionally of one status. */
export async function listDeliveries(dataSource: DataSource, endpointId: string, status: DeliveryStatus | null, first: number, afterId: string | null): Promise<DeliveryRow[]> {
  return query<DeliveryRow>(
    dataSource,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR id < $3::bigint)
     ORDER BY id DESC LIMIT $4`,
    [endpointId, status, afterId, first + 1],
  );
}

export async function countDeliveries(dataSource: DataSource, endpointId: string, status: DeliveryStatus | null): Promise<number> {
  const [row] = await query<{ n: number }>(dataSource, `SELECT count(*)::int AS n FROM webhook_delivery WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2)`, [endpointId, status]);
  return row.n;
}

/**
 * Queues again every event of the organization from `fromSequence` on that the endpoint's filters match: deliveries
 * that exist go back to PENDING (same webhook-id), missing ones are created. Returns how many were queued.
 */
export async function redeliverFrom(dataSource: DataSource, endpoint: EndpointRow, fromSequence: string, max: number): Promise<number> {
  const [row] = await query<{ n: number }>(
    dataSource,
    `WITH events AS (
       SELECT ev.sequence, ev.crisis_id, ev.type FROM crisis_event ev
       WHERE ev.organization_id = $1 AND ev.sequence >= $3::bigint
         AND (cardinality($4::text[]) = 0 OR ev.type = ANY ($4::text[]))
         AND (cardinality($5::uuid[]) = 0 OR ev.brand_id = ANY ($5::uuid[]))
       ORDER BY ev.sequence LIMIT $6
     ), queued AS (
       INSERT INTO webhook_delivery (organization_id, endpoint_id, event_sequence, crisis_id, event_type)
       SELECT $1, $2, sequence, crisis_id, type FROM events
       ON CONFLICT (endpoint_id, event_sequence) DO UPDATE
         SET status = 'PENDING', next_attempt_at = now(), attempts = 0, delivered_at = NULL,
           -- One being sent keeps its lease (no second send beside it); its result, fenced by attempts, is dropped.
           leased_until = CASE WHEN webhook_delivery.leased_until > now() THEN webhook_delivery.leased_until END
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM queued`,
    [endpoint.organization_id, endpoint.id, fromSequence, endpoint.event_types, endpoint.brand_ids, max],
  );
  return row.n;
}

/** A test delivery (type webhook.test, no crisis), sent like the others. */
export async function queueTestDelivery(dataSource: DataSource, endpoint: EndpointRow, body: (webhookId: string) => string): Promise<DeliveryRow> {
  return withTransaction(dataSource, async (tx) => {
    const [row] = await tx.rows<DeliveryRow>(
      `INSERT INTO webhook_delivery (organization_id, endpoint_id, event_type) VALUES ($1, $2, 'webhook.test') RETURNING ${DELIVERY_COLUMNS}`,
      [endpoint.organization_id, endpoint.id],
    );
    const text = body(row.webhook_id);
    await tx.rows(`UPDATE webhook_delivery SET body = $2 WHERE id = $1`, [row.id, text]);
    return { ...row, body: text };
  });
}

/** Age of the oldest due, unsent delivery, in seconds (0 when none): how far behind the workers are. */
export async function queueAgeSeconds(dataSource: DataSource): Promise<number> {
  const [row] = await query<{ age: number | null }>(
    dataSource,
    `SELECT extract(epoch FROM now() - min(next_attempt_at))::float8 AS age FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= now()`,
  );
  return Math.max(0, row?.age ?? 0);
}
