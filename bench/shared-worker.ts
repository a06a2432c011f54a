/**
 * A process of the shared-state benchmark (bench/shared.ts), started by it:
 *
 *   sandbox '<options>'   the sandbox, in a process of its own; prints {"url"} and stops when stdin closes
 *   client '<settings>'   one replica: a KlingClient on the shared Redis with a callback receiver,
 *                         running jobs the parent hands out over IPC and reporting what it saw
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KlingClient, parseTaskRef, redisState } from '../core/node.js';
import { startSandbox, type SandboxOptions } from '../sandbox/index.js';
import { benchClientConfig } from './bench-client.js';

export interface ClientSettings {
  name: string;
  sandboxUrl: string;
  redisUrl: string;
  callbackUrl: string;
  webhookSecret: string;
  concurrency: number;
  scale: number;
  /** Jobs this process works on at once (each holds at most one slot). */
  workers: number;
  runId: string;
}

/** Parent → worker. */
export type ToWorker = { type: 'job'; job: number } | { type: 'adopt'; job: number; handle: string } | { type: 'none' };
/** Worker → parent. */
export type FromWorker =
  | { type: 'ready'; callbackPort: number }
  | { type: 'next' }
  | { type: 'created'; job: number; id: string; handle: string }
  | { type: 'done'; job: number; id: string }
  | { type: 'ended'; id: string }
  | { type: 'failed'; job: number; error: string };

const [role, input] = process.argv.slice(2);

if (role === 'sandbox') {
  const sandbox = await startSandbox(JSON.parse(input ?? '{}') as SandboxOptions);
  process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sandbox.stop().then(() => process.exit(0)));
} else if (role === 'client') {
  await runClient(JSON.parse(input ?? '{}') as ClientSettings);
} else {
  throw new Error(`unknown role ${role}`);
}

async function runClient(settings: ClientSettings): Promise<void> {
  const send = (message: FromWorker): void => void process.send?.(message);
  const client = new KlingClient({
    ...benchClientConfig(settings.sandboxUrl, settings.concurrency, settings.scale),
    callbackUrl: settings.callbackUrl,
    webhookSecrets: [settings.webhookSecret],
    state: redisState({ url: settings.redisUrl, label: settings.name }),
    // What recovery did, and anything that went wrong, on the benchmark's stderr.
    logger: (level, message, fields) => {
      if (level === 'warn' || level === 'error' || /adopted|never reached|rebuilt/.test(message)) {
        process.stderr.write(`${settings.name} ${level}: ${message} ${JSON.stringify(fields ?? {})}\n`);
      }
    },
  });
  // Every task whose end this process acted on (freed its slot): the parent counts them across processes.
  client.events.on('task-ended', (event) => {
    const ref = parseTaskRef(event.handle);
    send({ type: 'ended', id: ref.id });
  });
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      client.ingestCallback(Buffer.concat(chunks), request.headers).then(
        (outcome) => response.writeHead(outcome.accepted ? 200 : outcome.status).end(),
        () => response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

  const pending: ((message: ToWorker) => void)[] = [];
  process.on('message', (message: ToWorker) => pending.shift()?.(message));
  const next = (): Promise<ToWorker> =>
    new Promise((resolve) => {
      pending.push(resolve);
      send({ type: 'next' });
    });

  const worker = async (): Promise<void> => {
    for (;;) {
      const message = await next();
      if (message.type === 'none') return;
      try {
        let handle: string;
        if (message.type === 'adopt') {
          handle = message.handle;
        } else {
          const created = await client.create({
            model: 'kling-3.0-turbo',
            prompt: `shared bench job ${message.job}`,
            duration: 5,
            externalTaskId: `bench-${settings.runId}-${message.job}`,
          });
          handle = created.handle;
          send({ type: 'created', job: message.job, id: created.task.id, handle });
        }
        const result = await client.wait(handle, { timeoutMs: 600_000 });
        if (!result.done) throw new Error(`job ${message.job} did not end: ${result.reason}`);
        send({ type: 'done', job: message.job, id: result.task.id });
      } catch (error) {
        send({ type: 'failed', job: message.job, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  send({ type: 'ready', callbackPort: (receiver.address() as AddressInfo).port });
  await Promise.all(Array.from({ length: settings.workers }, worker));
  await client.close();
  receiver.close();
  process.exit(0);
}
