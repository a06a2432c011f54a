import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KlingClient, type ClientConfigInput } from '../../core/index.js';
import { DEMO_ACCESS_KEY, DEMO_API_KEY, DEMO_SECRET_KEY, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.js';

/** Sandbox time scale for these tests: a kling-3.0-turbo task takes about 35 ms. */
export const TIME_SCALE = 0.001;

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, timeScale: TIME_SCALE, seed: 11, ...options });
}

type Extra = Partial<Omit<ClientConfigInput, 'auth'>>;

const fast = (extra: Extra): Extra => ({
  poll: { scale: TIME_SCALE, minIntervalMs: 1_000, maxIntervalMs: 30_000 },
  retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 50 },
  concurrencyBackoffMs: 5,
  ...extra,
});

export function apiKeyClient(box: Sandbox, extra: Extra = {}, apiKey = DEMO_API_KEY): KlingClient {
  return new KlingClient({ auth: { type: 'apiKey', apiKey }, baseUrl: box.url, ...fast(extra) });
}

export function accessKeyClient(
  box: Sandbox,
  extra: Extra = {},
  keys = { accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY },
): KlingClient {
  return new KlingClient({ auth: { type: 'accessKey', ...keys }, baseUrl: box.url, ...fast(extra) });
}

export const TEXT_TO_VIDEO = { model: 'kling-3.0-turbo', prompt: 'a paper boat on a river', duration: 3 } as const;
export const LEGACY_TEXT_TO_VIDEO = { model: 'kling-2.6', prompt: 'a lighthouse at dusk', duration: 5 } as const;

/** A local HTTP server standing in for a user's callback endpoint. */
export async function callbackReceiver(
  handle: (body: string, request: IncomingMessage) => { status: number } | Promise<{ status: number }>,
): Promise<{ url: string; close: () => Promise<void>; received: { body: string; headers: IncomingMessage['headers'] }[] }> {
  const received: { body: string; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, headers: request.headers });
      const { status } = await handle(body, request);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kling/callback`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Requests the sandbox answered on routes matching `pattern`. */
export function requestsTo(box: Sandbox, pattern: RegExp): number {
  let total = 0;
  for (const [route, codes] of Object.entries(box.stats().requests.byRoute)) {
    if (pattern.test(route)) total += Object.values(codes).reduce((sum, count) => sum + count, 0);
  }
  return total;
}
