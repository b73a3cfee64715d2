// A worker thread of `npm run bench:fanout`: holds many graphql-ws subscribers of crisisStateChanged on one API
// process and records, per timeline event, who received it and how long after its occurredAt.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';

export interface ClientsSetup {
  /** ws:// URL of the API process these subscribers connect to. */
  url: string;
  /** Bearer tokens, used in turn by the subscribers. */
  tokens: string[];
  subscribers: number;
  /** Connections opened at once while connecting. */
  concurrency: number;
  /** 'raw': graphql-transport-ws spoken over `ws` directly (the default, cheapest); 'graphql-ws': the library's client. */
  client: 'raw' | 'graphql-ws';
}

/** main → worker */
export type ClientsCommand = { kind: 'counts' } | { kind: 'report'; sequences: string[] } | { kind: 'close' } | { kind: 'elu' };

/** worker → main */
export type ClientsMessage =
  | { kind: 'connected'; ms: number }
  | { kind: 'failed'; message: string }
  | { kind: 'counts'; counts: Record<string, number>; problems: string[] }
  | { kind: 'report'; latencies: Float64Array; received: number; duplicates: number; lastReceivedAt: number }
  | { kind: 'elu'; utilization: number }
  | { kind: 'closed' };

interface Arrivals {
  /** How many subscribers received the event (duplicates not counted). */
  count: number;
  /** Receive time minus occurredAt, ms, one per delivery. */
  latencies: number[];
  lastReceivedAt: number;
}

const setup = workerData as ClientsSetup;
const port = parentPort!;
const post = (message: ClientsMessage) => port.postMessage(message);
const arrivals = new Map<string, Arrivals>();
let duplicates = 0;
/** Unexpected closes and subscription errors, reported with the counts (a few, not thousands). */
const problems: string[] = [];
const note = (problem: string) => void (problems.length < 20 && problems.push(problem));
const closers: Array<() => Promise<void>> = [];
let closing = false;
let elu = performance.eventLoopUtilization();

const QUERY = 'subscription { crisisStateChanged { sequence crisisId type occurredAt } }';

type Next = { data?: { crisisStateChanged: { sequence: string; occurredAt: string } } | null; errors?: readonly unknown[] };

/** Books one `next` of subscriber `index`: first arrival per event counted with its latency, a repeat as a duplicate. */
function record(index: number, seen: Set<string>, { data, errors }: Next): void {
  const receivedAt = performance.timeOrigin + performance.now();
  if (errors?.length || !data) return note(`subscriber ${index}: ${JSON.stringify(errors).slice(0, 300)}`);
  const { sequence, occurredAt } = data.crisisStateChanged;
  if (seen.has(sequence)) return void duplicates++;
  seen.add(sequence);
  let entry = arrivals.get(sequence);
  if (!entry) arrivals.set(sequence, (entry = { count: 0, latencies: [], lastReceivedAt: 0 }));
  entry.count++;
  entry.latencies.push(receivedAt - Date.parse(occurredAt));
  if (receivedAt > entry.lastReceivedAt) entry.lastReceivedAt = receivedAt;
}

/** Opens one subscriber with graphql-ws's client; resolves once the server acknowledged its connection_init. */
function connectWithLibrary(index: number): Promise<void> {
  const seen = new Set<string>();
  return new Promise<void>((resolve, reject) => {
    let connected = false;
    const client = createClient({
      url: setup.url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${setup.tokens[index % setup.tokens.length]}` },
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => {
          connected = true;
          resolve();
        },
        closed: (event) => {
          const { code, reason } = event as { code?: number; reason?: string };
          if (!connected) reject(new Error(`subscriber ${index} could not connect to ${setup.url}: close ${code ?? '?'} ${reason ?? ''}`.trim()));
          else if (!closing) note(`subscriber ${index} closed: ${code ?? '?'} ${reason ?? ''}`);
        },
        error: (error) => {
          if (!connected) reject(new Error(`subscriber ${index} could not connect to ${setup.url}: ${error instanceof Error ? error.message : String((error as { message?: string }).message ?? error)}`));
        },
      },
    });
    closers.push(async () => void (await client.dispose()));
    client.subscribe<Next['data'] & object>(
      { query: QUERY },
      {
        next: (result) => record(index, seen, result as Next),
        error: (error) => note(`subscriber ${index} subscription error: ${JSON.stringify(error).slice(0, 300)}`),
        complete: () => void (closing || note(`subscriber ${index} subscription completed by the server`)),
      },
    );
  });
}

/**
 * Opens one subscriber speaking graphql-transport-ws itself over `ws`: connection_init, subscribe on the ack, `next`
 * booked. The subscribers stand in for browsers on other machines; on this box they share the two cores with the
 * servers they measure, and graphql-ws's client costs about twice the CPU per message (BENCH_CLIENT=graphql-ws).
 */
function connectRaw(index: number): Promise<void> {
  const seen = new Set<string>();
  return new Promise<void>((resolve, reject) => {
    let connected = false;
    const socket = new WebSocket(setup.url, 'graphql-transport-ws');
    closers.push(() => new Promise<void>((done) => {
      if (socket.readyState === WebSocket.CLOSED) return done();
      socket.once('close', () => done());
      socket.close(1000);
    }));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${setup.tokens[index % setup.tokens.length]}` } })));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; payload?: Next };
      if (message.type === 'next') return record(index, seen, message.payload ?? {});
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } }));
        connected = true;
        return resolve();
      }
      if (message.type === 'ping') return socket.send('{"type":"pong"}');
      if (message.type === 'error') return note(`subscriber ${index} subscription error: ${JSON.stringify(message.payload).slice(0, 300)}`);
      if (message.type === 'complete' && !closing) note(`subscriber ${index} subscription completed by the server`);
    });
    socket.on('error', (error) => {
      if (!connected) reject(new Error(`subscriber ${index} could not connect to ${setup.url}: ${error.message}`));
    });
    socket.on('close', (code, reason) => {
      if (!connected) reject(new Error(`subscriber ${index} could not connect to ${setup.url}: close ${code} ${String(reason)}`.trim()));
      else if (!closing) note(`subscriber ${index} closed: ${code} ${String(reason)}`);
    });
  });
}

const connectSubscriber = setup.client === 'graphql-ws' ? connectWithLibrary : connectRaw;

async function connectAll(): Promise<void> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: setup.concurrency }, async () => {
      for (let i = next++; i < setup.subscribers; i = next++) await connectSubscriber(i);
    }),
  );
  post({ kind: 'connected', ms: performance.now() - started });
}

port.on('message', (command: ClientsCommand) => {
  switch (command.kind) {
    case 'counts':
      post({ kind: 'counts', counts: Object.fromEntries([...arrivals].map(([sequence, a]) => [sequence, a.count])), problems: problems.slice() });
      return;
    case 'elu': {
      // Event-loop utilisation of this thread since the last 'elu': near 1 means the client itself is the bottleneck.
      const now = performance.eventLoopUtilization();
      post({ kind: 'elu', utilization: performance.eventLoopUtilization(now, elu).utilization });
      elu = now;
      return;
    }
    case 'report': {
      const wanted = command.sequences.map((s) => arrivals.get(s)).filter((a): a is Arrivals => a !== undefined);
      const latencies = Float64Array.from(wanted.flatMap((a) => a.latencies));
      post({
        kind: 'report',
        latencies,
        received: wanted.reduce((sum, a) => sum + a.count, 0),
        duplicates,
        lastReceivedAt: Math.max(0, ...wanted.map((a) => a.lastReceivedAt)),
      });
      return;
    }
    case 'close':
      closing = true;
      Promise.allSettled(closers.map((close) => close())).then(() => post({ kind: 'closed' }));
      return;
  }
});

connectAll().catch((error: unknown) => {
  closing = true;
  closers.forEach((close) => void close());
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
});
