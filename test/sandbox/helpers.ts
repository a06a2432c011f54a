import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import type { Sandbox } from '../../sandbox/index.js';

export interface KlingReply {
  status: number;
  headers: Headers;
  // Replies are checked field by field in the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One request to the sandbox, as a Kling client makes it. */
export async function call(
  sandbox: Pick<Sandbox, 'url'>,
  path: string,
  options: { method?: string; token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<KlingReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token !== null && options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${sandbox.url}${path}`, {
    method: options.method ?? (options.body === undefined && options.rawBody === undefined ? 'GET' : 'POST'),
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** An AK/SK token as Kling documents it (HS256, iss = access key, exp = now + 1800 s, nbf = now − 5 s). */
export async function signJwt(
  accessKey: string,
  secretKey: string,
  options: { nowSeconds?: number; expiresIn?: number; notBeforeOffset?: number } = {},
): Promise<string> {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(accessKey)
    .setExpirationTime(now + (options.expiresIn ?? 1800))
    .setNotBefore(now + (options.notBeforeOffset ?? -5))
    .sign(new TextEncoder().encode(secretKey));
}

/** Polls until `read` returns a value, or fails after a generous timeout (never a timing assertion). */
export async function waitFor<T>(read: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Reads one task through `GET /tasks` until it reaches one of `statuses`. */
export async function waitForTask(sandbox: Sandbox, token: string, id: string, statuses: string[]) {
  return waitFor(
    async () => {
      const reply = await call(sandbox, `/tasks?task_ids=${id}`, { token });
      const record = reply.body?.data?.[0];
      return record && statuses.includes(record.status) ? record : undefined;
    },
    `task ${id} to reach ${statuses.join('/')}`,
  );
}

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server standing in for a user's callback endpoint. */
export async function callbackReceiver(answer: (index: number) => number = () => 200) {
  const received: ReceivedCallback[] = [];
  let attempts = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = answer(attempts);
      attempts += 1;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kling/callback`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A new-standard text-to-video body. */
export function textToVideo(
  prompt: string,
  extra: { duration?: number; externalTaskId?: string; callbackUrl?: string; watermark?: boolean } = {},
) {
  const options: Record<string, unknown> = {};
  if (extra.externalTaskId !== undefined) options.external_task_id = extra.externalTaskId;
  if (extra.callbackUrl !== undefined) options.callback_url = extra.callbackUrl;
  if (extra.watermark !== undefined) options.watermark_info = { enabled: extra.watermark };
  return { prompt, settings: { duration: extra.duration ?? 3 }, ...(Object.keys(options).length > 0 ? { options } : {}) };
}
