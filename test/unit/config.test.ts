// Configuration from the environment: defaults, and a clear refusal naming the variable when a value is wrong.
import { DEFAULT_SLA, loadConfig } from '../../src/config';

test('defaults: port 4000, embedded PostgreSQL, idempotency keys kept 24 hours, default SLAs', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ port: 4000, databaseUrl: null, idempotencyKeyTtlSeconds: 24 * 3600, maxPageSize: 200, slaDefaults: DEFAULT_SLA });
});

test('IDEMPOTENCY_KEY_TTL_HOURS is read in hours', () => {
  expect(loadConfig({ IDEMPOTENCY_KEY_TTL_HOURS: '72' }).idempotencyKeyTtlSeconds).toBe(72 * 3600);
});

test('TRUST_PROXY is a hop count or a list of addresses for express; unset, no proxy is trusted', () => {
  expect(loadConfig({}).trustProxy).toBeNull();
  expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
  expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
});

test.each([
  ['TRUST_PROXY', 'anything; rm -rf'],
  ['IDEMPOTENCY_KEY_TTL_HOURS', '0'],
  ['IDEMPOTENCY_KEY_TTL_HOURS', 'a day'],
  ['PORT', '70000'],
  ['LOG_LEVEL', 'loud'],
])('%s=%s is refused, naming the variable', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`invalid configuration: .*${name}`));
});

test('SLA_DEFAULTS overrides some severities and keeps the others; a bad policy is refused', () => {
  const config = loadConfig({ SLA_DEFAULTS: JSON.stringify({ HIGH: { acknowledgeWithinSeconds: 60, firstResponseWithinSeconds: 600, updateEverySeconds: 900 } }) });
  expect(config.slaDefaults.HIGH.acknowledgeWithinSeconds).toBe(60);
  expect(config.slaDefaults.LOW).toEqual(DEFAULT_SLA.LOW);
  expect(() => loadConfig({ SLA_DEFAULTS: JSON.stringify({ HIGH: { acknowledgeWithinSeconds: -1 } }) })).toThrow(/invalid SLA_DEFAULTS/);
  expect(() => loadConfig({ SLA_DEFAULTS: '{HIGH: 60}' })).toThrow('invalid SLA_DEFAULTS: not JSON');
});
