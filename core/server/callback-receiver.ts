import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KlingClient } from '../client/kling-client.js';
import { isLocalSandbox } from '../client/local-sandbox.js';
import { MAX_CALLBACK_BYTES, readBody } from './read-body.js';

export interface CallbackReceiver {
  /** The URL to give creates as their callback URL: loopback, under a path no one can guess. */
  readonly url: string;
  /** Callbacks the client took so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

/**
 * Takes task callbacks on a loopback port, for an API on this machine (a sandbox) that can reach
 * it: the client knows of a task's end when it happens instead of at its next poll. Every callback
 * goes through `client.ingestCallback`: a signed one counts; an unsigned one that says the task
 * ended makes the client read the task, one that says it still runs is taken without a read.
 * Kling itself cannot reach a loopback address; for Kling, give a public callback URL.
 */
export async function startCallbackReceiver(client: Pick<KlingClient, 'ingestCallback'>, host = '127.0.0.1'): Promise<CallbackReceiver> {
  const path = `/kling/callback/${randomBytes(16).toString('hex')}`;
  let accepted = 0;
  const server = createServer((req, res) => {
    void (async () => {
      if (req.url !== path) return reply(res, 404, 'not found');
      if (req.method !== 'POST') return reply(res, 405, 'use POST');
      const body = await readBody(req, MAX_CALLBACK_BYTES);
      if (body === undefined) return reply(res, 413, `body too large: a callback is at most ${MAX_CALLBACK_BYTES} bytes`);
      const result = await client.ingestCallback(body, req.headers, { readRunningHints: false });
      if (!result.accepted) return reply(res, result.status, result.reason);
      accepted += 1;
      reply(res, 200);
    })().catch(() => reply(res, 500, 'the callback could not be taken'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}${path}`,
    get accepted() {
      return accepted;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A receiver when the API is a sandbox on this machine (`sandboxHere`, or found by
 * `isLocalSandbox`) and no callback URL is configured; otherwise undefined: Kling cannot reach a
 * loopback port, and a configured URL is the user's choice.
 */
export async function receiverForLocalSandbox(
  client: Pick<KlingClient, 'ingestCallback'>,
  options: { baseUrl: string | undefined; callbackUrl: string | undefined; sandboxHere?: boolean },
): Promise<CallbackReceiver | undefined> {
  if (options.callbackUrl !== undefined || options.baseUrl === undefined) return undefined;
  if (!options.sandboxHere && !(await isLocalSandbox(options.baseUrl))) return undefined;
  return startCallbackReceiver(client);
}

function reply(res: ServerResponse, status: number, error?: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(error === undefined ? { ok: true } : { error }));
}
