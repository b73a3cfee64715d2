// One delivery attempt over HTTP: signed per Standard Webhooks, through a lookup that refuses private addresses,
// bounded in time end to end, the answer read up to a small cap.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { guardedLookup } from './targets';
import type { AttemptOutcome } from './schedule';

/** How much of an answer is read (the rest is dropped) and kept (shown in WebhookDelivery.lastResponse). */
const READ_CAP_BYTES = 4096;
export const KEPT_RESPONSE_CHARS = 1024;

export interface SignedRequest {
  url: string;
  webhookId: string;
  body: string;
  /** Signing secrets (whsec_…): the current one, and during a rotation the previous one too. */
  secrets: string[];
}

export interface AttemptResult {
  outcome: AttemptOutcome;
  response: string | null;
  latencyMs: number;
}

/** The three Standard Webhooks headers; one signature per secret, space-separated, as the spec allows during rotation. */
export function signatureHeaders(webhookId: string, body: string, secrets: string[], at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  const signatures = secrets.map((secret) => new Webhook(secret).sign(webhookId, at, body));
  return { 'webhook-id': webhookId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatures.join(' ') };
}

export function sendSigned(req: SignedRequest, timeoutMs: number, allowPrivate: boolean, userAgent: string): Promise<AttemptResult> {
  const started = performance.now();
  const url = new URL(req.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = {
    ...signatureHeaders(req.webhookId, req.body, req.secrets, new Date()),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(req.body)),
    'user-agent': userAgent,
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: AttemptOutcome, response: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ outcome, response, latencyMs: Math.round(performance.now() - started) });
    };
    const outgoing = send(url, { method: 'POST', headers, lookup: guardedLookup(allowPrivate), agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < READ_CAP_BYTES) chunks.push(chunk.subarray(0, READ_CAP_BYTES - size));
        size += chunk.length;
        if (size >= READ_CAP_BYTES) res.destroy(); // enough: the rest is not ours to read
      });
      const done = () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, KEPT_RESPONSE_CHARS);
        const retryAfter = res.headers['retry-after'];
        finish({ kind: 'answered', status: res.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : null }, text || null);
      };
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish({ kind: 'timeout' }, null);
    }, timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'network', message: error.code === 'EPRIVATE' ? error.message : `${error.code ?? 'ERROR'}: ${error.message}` }, null));
    outgoing.end(req.body);
  });
}
