// GET /metrics: the registry in Prometheus's text format, behind METRICS_TOKEN when one is configured.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Metrics } from './metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time: both sides are hashed first, so neither their content nor their length leaks. */
function isBearer(header: string | undefined, token: Buffer): boolean {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]), token);
}

export function metricsEndpoint(metrics: Metrics, token: string | null) {
  const expected = token === null ? null : digest(token);
  return (req: Request, res: Response) => {
    if (expected && !isBearer(req.headers.authorization, expected)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      res.status(401).type('text/plain').send('unauthorized\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.setHeader('content-type', metrics.registry.contentType).end(text),
      (error) => {
        req.log?.error({ err: error }, 'metrics collection failed');
        res.status(500).type('text/plain').send('metrics collection failed\n');
      },
    );
  };
}
