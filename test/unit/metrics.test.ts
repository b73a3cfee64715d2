// The metrics' own rules: bounded operation labels, command results, config validation of METRICS_TOKEN.
import { commandResult, Metrics, OPERATION_NAME_CAP } from '../../src/metrics/metrics';
import { loadConfig } from '../../src/config';
import { InvalidTransitionError, NotFoundError, VersionConflictError } from '../../src/graphql/errors';

test('operation names are labels only when well-formed, and only the first 200 distinct ones: later ones are "other"', () => {
  const metrics = new Metrics();
  expect(metrics.operationLabel(null)).toBe('anonymous');
  expect(metrics.operationLabel('has-dash')).toBe('anonymous');
  expect(metrics.operationLabel('9starts')).toBe('anonymous');
  expect(metrics.operationLabel(`A${'a'.repeat(64)}`)).toBe('anonymous');
  for (let i = 0; i < OPERATION_NAME_CAP; i++) expect(metrics.operationLabel(`Op${i}`)).toBe(`Op${i}`);
  expect(metrics.operationLabel('OneTooMany')).toBe('other');
  expect(metrics.operationLabel('Op7')).toBe('Op7');
});

test('each server gets its own registry: two do not share counts', async () => {
  const [a, b] = [new Metrics(), new Metrics()];
  a.webhookDeliveries.inc({ result: 'delivered' });
  expect(await a.registry.getSingleMetricAsString('crisis_desk_webhook_deliveries_total')).toContain('result="delivered"} 1');
  expect(await b.registry.getSingleMetricAsString('crisis_desk_webhook_deliveries_total')).not.toContain('delivered');
});

test('a command result is its refusal code, or "other"', async () => {
  expect(commandResult(new InvalidTransitionError('DETECTED', 'CONTAIN', []))).toBe('INVALID_TRANSITION');
  expect(commandResult(new VersionConflictError(1, 2))).toBe('VERSION_CONFLICT');
  expect(commandResult(new NotFoundError('Crisis', 'x'))).toBe('other');
  expect(commandResult(new Error('boom'))).toBe('other');
  const metrics = new Metrics();
  await expect(metrics.countCrisisCommand('CONTAIN', Promise.reject(new InvalidTransitionError('DETECTED', 'CONTAIN', [])))).rejects.toThrow();
  expect(await metrics.countCrisisCommand('ACKNOWLEDGE', Promise.resolve(7))).toBe(7);
  const text = await metrics.registry.getSingleMetricAsString('crisis_desk_crisis_commands_total');
  expect(text).toContain('event="CONTAIN",result="INVALID_TRANSITION"} 1');
  expect(text).toContain('event="ACKNOWLEDGE",result="ok"} 1');
});

test('METRICS_TOKEN is optional, and refused when short or with spaces', () => {
  expect(loadConfig({}).metricsToken).toBeNull();
  expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token-123' }).metricsToken).toBe('a-long-enough-token-123');
  expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  expect(() => loadConfig({ METRICS_TOKEN: 'has a space in the middle' })).toThrow(/METRICS_TOKEN/);
});
