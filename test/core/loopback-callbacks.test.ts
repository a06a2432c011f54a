import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLocalSandbox, receiverForLocalSandbox, startCallbackReceiver } from '../../core/node.js';
import type { Sandbox } from '../../sandbox/index.js';
import { taskReads } from '../sandbox-reads.js';
import { apiKeyClient, sandbox, TEXT_TO_VIDEO } from './support.js';

const SECRET = 'whsec_bG9vcGJhY2tzZWNyZXRsb29wYmFja3NlY3JldDEy';
/**
 * A 0.7 s task: the client's safety-net look (1.5 × typical) comes 0.3 s after the latest end, so
 * a busy machine does not turn a late callback into a read.
 */
const SCALE = 0.02;
const POLL = { poll: { scale: SCALE, minIntervalMs: 1_000, maxIntervalMs: 30_000 } };
let box: Sandbox;
let signedBox: Sandbox;

beforeAll(async () => {
  box = await sandbox({ timeScale: SCALE });
  signedBox = await sandbox({ timeScale: SCALE, webhookSecret: SECRET });
});
afterAll(async () => {
  await box?.stop();
  await signedBox?.stop();
});

describe('a callback receiver on a loopback port, for a sandbox on this machine', () => {
  it('unsigned: the client reads the task once, when the callback says it ended, and not for the statuses before', async () => {
    const client = apiKeyClient(box, POLL);
    const receiver = await startCallbackReceiver(client);
    try {
      expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kling\/callback\/[0-9a-f]{32}$/);
      const before = taskReads(box.stats());
      const { result } = await client.generate({ ...TEXT_TO_VIDEO, callbackUrl: receiver.url }, { timeoutMs: 20_000 });
      await box.callbacksIdle();
      expect(result.done && result.task.status).toBe('succeeded');
      // Read by the bare id the callback names, the task still carries the route of its handle.
      expect(result.done && result.task.product).toBe('text-to-video');
      expect(result.done && result.task.handle).toMatch(/^kt1\.n\.t2v\./);
      // submitted, processing, succeeded: three deliveries, one read (for the end).
      expect((await box.stats()).callbacks.delivered).toBeGreaterThanOrEqual(3);
      expect(receiver.accepted).toBeGreaterThanOrEqual(3);
      expect(taskReads(box.stats()) - before).toBe(1);
    } finally {
      await receiver.close();
      await client.close();
    }
  });

  it('signed, with the same secret on the client: no read at all', async () => {
    const client = apiKeyClient(signedBox, { ...POLL, webhookSecrets: [SECRET] });
    const receiver = await startCallbackReceiver(client);
    try {
      const before = taskReads(signedBox.stats());
      const { result } = await client.generate({ ...TEXT_TO_VIDEO, callbackUrl: receiver.url }, { timeoutMs: 20_000 });
      expect(result.done && result.task.status).toBe('succeeded');
      expect(taskReads(signedBox.stats()) - before).toBe(0);
    } finally {
      await receiver.close();
      await client.close();
    }
  });

  it('answers only POSTs to its own path, refuses a body over 1 MiB with 413 and a forged signature with 401', async () => {
    const client = apiKeyClient(signedBox, { webhookSecrets: [SECRET] });
    const receiver = await startCallbackReceiver(client);
    try {
      const other = new URL(receiver.url);
      other.pathname = '/kling/callback/0000';
      expect((await fetch(other, { method: 'POST', body: '{}' })).status).toBe(404);
      expect((await fetch(receiver.url)).status).toBe(405);
      expect((await fetch(receiver.url, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) })).status).toBe(413);
      const forged = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
        body: JSON.stringify({ task_id: '1', task_status: 'succeed' }),
      });
      expect(forged.status).toBe(401);
      expect(receiver.accepted).toBe(0);
    } finally {
      await receiver.close();
      await client.close();
    }
  });
});

describe('isLocalSandbox', () => {
  it('is true for a sandbox on a loopback address, false for another loopback server and for a remote host', async () => {
    expect(await isLocalSandbox(box.url)).toBe(true);
    expect(await isLocalSandbox(box.url.replace('127.0.0.1', 'localhost'))).toBe(true);
    const notSandbox = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => notSandbox.listen(0, '127.0.0.1', resolve));
    try {
      expect(await isLocalSandbox(`http://127.0.0.1:${(notSandbox.address() as AddressInfo).port}`)).toBe(false);
    } finally {
      await new Promise((resolve) => notSandbox.close(resolve));
    }
    // Not loopback: no request is made at all (this machine has no route to it anyway).
    expect(await isLocalSandbox('https://api-singapore.klingai.com')).toBe(false);
    expect(await isLocalSandbox('not a url')).toBe(false);
  });
});

describe('receiverForLocalSandbox', () => {
  it('opens a receiver for a sandbox on this machine, none when a callback URL is configured or the API is elsewhere', async () => {
    const client = apiKeyClient(box, POLL);
    try {
      const receiver = await receiverForLocalSandbox(client, { baseUrl: box.url, callbackUrl: undefined });
      expect(receiver?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kling\/callback\//);
      await receiver?.close();
      const configured = 'https://hooks.example.com/kling';
      expect(await receiverForLocalSandbox(client, { baseUrl: box.url, callbackUrl: configured })).toBeUndefined();
      expect(
        await receiverForLocalSandbox(client, { baseUrl: 'https://api-singapore.klingai.com', callbackUrl: undefined }),
      ).toBeUndefined();
      expect(await receiverForLocalSandbox(client, { baseUrl: undefined, callbackUrl: undefined })).toBeUndefined();
      // An embedded sandbox is known without asking it.
      const known = await receiverForLocalSandbox(client, { baseUrl: 'http://127.0.0.1:9', callbackUrl: undefined, sandboxHere: true });
      expect(known).toBeDefined();
      await known?.close();
    } finally {
      await client.close();
    }
  });
});
