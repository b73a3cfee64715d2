// The webhook retry schedule and target rules, pure: back-off with jitter over about three days, Retry-After, which
// answers are retried, 410, and which addresses a webhook may never reach by default.
import { judgeAttempt, MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, retryAfterSeconds } from '../../src/webhooks/schedule';
import { guardedLookup, isPrivateAddress, targetProblem } from '../../src/webhooks/targets';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const answered = (status: number, retryAfter: string | null = null) => ({ kind: 'answered' as const, status, retryAfter });

test('a 2xx delivers; a 410 disables; other 4xx give up at once; 5xx, 429, timeouts and network errors are retried', () => {
  expect(judgeAttempt(answered(204), 1, NOW, () => 0.5)).toEqual({ action: 'delivered' });
  expect(judgeAttempt(answered(410), 1, NOW, () => 0.5)).toEqual({ action: 'disable' });
  expect(judgeAttempt(answered(400), 1, NOW, () => 0.5)).toEqual({ action: 'give-up' });
  expect(judgeAttempt(answered(404), 1, NOW, () => 0.5)).toEqual({ action: 'give-up' });
  for (const outcome of [answered(500), answered(503), answered(429), { kind: 'timeout' as const }, { kind: 'network' as const, message: 'ECONNREFUSED' }]) {
    expect(judgeAttempt(outcome, 1, NOW, () => 0.5)).toEqual({ action: 'retry', delayMs: 5000 });
  }
});

test('the schedule backs off exponentially to 12 h, about three days in all, then gives up', () => {
  const total = RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0);
  expect(total / 86400).toBeGreaterThan(2.5);
  expect(total / 86400).toBeLessThan(3.5);
  const delays = RETRY_DELAYS_SECONDS.map((_, i) => (judgeAttempt(answered(500), i + 1, NOW, () => 0.5) as { delayMs: number }).delayMs);
  expect(delays.slice(0, 6)).toEqual([5000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000]);
  for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
  expect(judgeAttempt(answered(500), MAX_ATTEMPTS, NOW, () => 0.5)).toEqual({ action: 'give-up' });
});

test('jitter keeps each delay within ±20 % of the schedule; a scale shortens it (tests)', () => {
  expect(judgeAttempt(answered(500), 2, NOW, () => 0)).toEqual({ action: 'retry', delayMs: 24_000 });
  expect(judgeAttempt(answered(500), 2, NOW, () => 0.999999)).toEqual({ action: 'retry', delayMs: 36_000 });
  expect(judgeAttempt(answered(500), 2, NOW, () => 0.5, 0.001)).toEqual({ action: 'retry', delayMs: 30 });
});

test('Retry-After (seconds or an HTTP date) is honoured when longer than the schedule, up to a day', () => {
  expect(retryAfterSeconds('120', NOW)).toBe(120);
  expect(retryAfterSeconds(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90);
  expect(retryAfterSeconds('soon', NOW)).toBeNull();
  expect(judgeAttempt(answered(429, '120'), 1, NOW, () => 0.5)).toEqual({ action: 'retry', delayMs: 120_000 });
  expect(judgeAttempt(answered(503, '1'), 3, NOW, () => 0.5)).toEqual({ action: 'retry', delayMs: 120_000 }); // the schedule is longer
  expect(judgeAttempt(answered(429, String(10 * 86400)), 1, NOW, () => 0.5)).toEqual({ action: 'retry', delayMs: 86_400_000 });
});

test('private, loopback, link-local and metadata addresses are refused; public ones pass', () => {
  for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
    expect([address, isPrivateAddress(address)]).toEqual([address, true]);
  }
  for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect([address, isPrivateAddress(address)]).toEqual([address, false]);
});

test('webhook URLs: https only, no credentials, no private host — unless private targets are allowed', () => {
  expect(targetProblem('https://hooks.example.com/crisis', false)).toBeNull();
  expect(targetProblem('http://hooks.example.com/crisis', false)).toBe('must be an https:// URL');
  expect(targetProblem('ftp://hooks.example.com', false)).toBe('must be an https:// URL');
  expect(targetProblem('not a url', false)).toBe('is not a URL');
  expect(targetProblem('https://user:pw@hooks.example.com', false)).toBe('must not carry credentials');
  for (const url of ['https://127.0.0.1/x', 'https://localhost/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://10.0.0.5/x', 'https://metadata.google.internal/x']) {
    expect([url, targetProblem(url, false)]).toEqual([url, 'resolves to a private, loopback or link-local address']);
  }
  expect(targetProblem('http://127.0.0.1:8080/x', true)).toBeNull();
});

test('the lookup used for every connection refuses a name that resolves to a private address', async () => {
  const resolve = (allow: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((done) => guardedLookup(allow)('localhost', {}, (error, address) => done({ error, address })));
  const refused = await resolve(false);
  expect(refused.error?.code).toBe('EPRIVATE');
  const allowed = await resolve(true);
  expect(allowed.error).toBeNull();
  expect(['127.0.0.1', '::1']).toContain(allowed.address);
});
