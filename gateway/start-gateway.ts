import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { KlingClient, KlingError, clientConfigFromSettings, type Task } from '../core/node.js';
import { AuditLog } from './audit-log.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './gateway-context.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { gatewayRequestListener } from './http-routes.js';
import { deliverCallback } from './jobs/deliver-callback.js';
import { finishTask } from './jobs/finish-task.js';
import { JobRunner } from './jobs/job-runner.js';
import { storeVideos } from './jobs/store-videos.js';
import { gatewayLogger } from './logger.js';
import { McpEndpoint } from './mcp-endpoint.js';
import { ReadinessCheck } from './readiness.js';
import { engineState, gatewayStore } from './shared-state.js';
import { FolderStorage } from './storage/folder-storage.js';
import { S3Storage } from './storage/s3-storage.js';
import type { VideoStorage } from './storage/video-storage.js';

export interface RunningGateway {
  /** Where it listens, e.g. http://127.0.0.1:8787 (no trailing slash). */
  readonly url: string;
  readonly context: GatewayContext;
  /** Stops listening, lets running jobs finish, closes the engine and the stores. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where log lines go (default stderr). */
  write?: (line: string) => void;
  /** Names this replica in the audit log (default host name and process id). */
  replica?: string;
}

/** How often the account's packs are read for the metrics (Kling's own figure is up to 12 h stale). */
const PACKS_EVERY_MS = 10 * 60 * 1000;

/** Starts a gateway: the engine on the Kling account, the shared state, storage, jobs and the HTTP listener. */
export async function startGateway(config: GatewayConfig, options: StartOptions = {}): Promise<RunningGateway> {
  if (config.tokens.length === 0) {
    throw new KlingError({
      kind: 'invalid',
      field: 'tokens',
      message: 'no gateway tokens are configured: nobody could use this gateway',
      hint: "Make one with 'kling serve --new-token <name>' and put it in the config file's tokens (or KLING_GATEWAY_TOKENS).",
    });
  }
  const { client: upstreamConfig, missing } = clientConfigFromSettings(config.upstream);
  if (!upstreamConfig) {
    throw new KlingError({
      kind: 'auth',
      field: 'upstream',
      message: `${missing}`,
      hint: "Set the Kling account's credentials in the config file's upstream or in the environment.",
    });
  }
  const log = gatewayLogger(config.logLevel, secretsOf(config), options.write ?? ((line) => process.stderr.write(line)));
  const replica = options.replica ?? `${hostname()}-${process.pid}`;
  const resources: (() => Promise<void> | void)[] = [];
  try {
    let listenUrl = '';
    const baseUrl = (): string => config.publicUrl ?? listenUrl;
    const storage: VideoStorage | undefined =
      config.storage.type === 'folder'
        ? new FolderStorage(config.storage.path, baseUrl)
        : config.storage.type === 's3'
          ? await S3Storage.open(config.storage)
          : undefined;
    if (storage instanceof S3Storage) resources.push(() => storage.close());
    const state = engineState(config, replica);
    const client = new KlingClient({
      ...upstreamConfig,
      ...(config.publicUrl !== undefined && { callbackUrl: `${config.publicUrl}/kling/callback` }),
      ...(state !== undefined && { state }),
      logger: log,
    });
    resources.push(() => client.close());
    // The replica that saw a task end (the engine makes that exactly one) finishes it for its
    // token. Listening starts at once: with shared state, tasks of other replicas may end already.
    const finisher: { run?: (task: Task) => Promise<void> } = {};
    const endedEarly: Task[] = [];
    client.events.on('task-ended', ({ task }) => {
      if (finisher.run) void finisher.run(task);
      else endedEarly.push(task);
    });
    const store = await gatewayStore(config, client.accountKey);
    resources.push(() => store.close());

    const runner = new JobRunner(
      store,
      {
        finish: (job) => finishTask(context, job),
        store: (job) => storeVideos(context, job),
        deliver: (job) => deliverCallback(context, job),
      },
      log,
    );
    const context: GatewayContext = {
      config,
      client,
      store,
      storage,
      metrics: new GatewayMetrics(),
      audit: new AuditLog(path.join(config.dataDir, 'audit'), replica, (error) =>
        log('error', 'audit log write failed', { error: String(error) }),
      ),
      log,
      tokens: new Map(config.tokens.map((token) => [token.name, token])),
      baseUrl,
      wakeJobs: () => runner.wake(),
    };
    resources.push(() => runner.close());
    finisher.run = async (task) => {
      try {
        await store.saveState(task.id, task);
        await store.addJob({ id: `finish:${task.id}`, kind: 'finish', taskId: task.id }, Date.now());
        runner.wake();
      } catch (error) {
        log('error', 'could not record the end of a task', { task: task.id, error: String(error) });
      }
    };
    for (const task of endedEarly.splice(0)) void finisher.run(task);

    const mcp = new McpEndpoint({
      loopbackUrl: () => listenUrl,
      timeScale: () => client.timeScale,
      maxBodyBytes: config.maxBodyBytes,
      log,
    });
    const server = createServer(gatewayRequestListener(context, { mcp, readiness: new ReadinessCheck(context) }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    resources.push(() => stopServing(server));
    // Closed first: MCP sessions hold streams open that would keep the server draining.
    resources.push(() => mcp.close());
    const address = server.address() as AddressInfo;
    const host =
      address.address === '0.0.0.0' || address.address === '::'
        ? '127.0.0.1'
        : address.family === 'IPv6'
          ? `[${address.address}]`
          : address.address;
    listenUrl = `http://${host}:${address.port}`;

    const refreshPacks = (): void =>
      void client.account().then(
        (summary) => context.metrics.packs(summary),
        (error: unknown) =>
          log('debug', 'packs not read for the metrics', { error: error instanceof Error ? error.message : String(error) }),
      );
    refreshPacks();
    const packs = setInterval(refreshPacks, PACKS_EVERY_MS).unref();
    resources.push(() => clearInterval(packs));

    log('info', `kling gateway listening on ${listenUrl}`, {
      tokens: config.tokens.length,
      state: config.redisUrl === undefined ? 'memory' : 'redis',
      storage: storage?.kind ?? 'none',
      callbacks: config.publicUrl === undefined ? 'off (no publicUrl): tasks are polled' : `${config.publicUrl}/kling/callback`,
    });
    return {
      url: listenUrl,
      context,
      async close() {
        await closeAll(resources);
        await context.audit.flush();
      },
    };
  } catch (error) {
    await closeAll(resources);
    throw error;
  }
}

/** How long a stopping gateway lets requests in progress (a create waiting for a slot) finish. */
const DRAIN_MS = 10_000;

/**
 * Stops taking connections, lets the requests in progress answer (up to DRAIN_MS), then cuts
 * what is left: a rolling restart does not drop a create that is about to be answered.
 */
async function stopServing(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
  await closed;
  clearTimeout(timer);
}

/** Closes in reverse order of opening; one failure does not keep the others open. */
async function closeAll(resources: (() => Promise<void> | void)[]): Promise<void> {
  for (const close of resources.splice(0).reverse()) await Promise.resolve(close()).catch(() => undefined);
}

/** Every secret the configuration holds: no log line may carry one. */
function secretsOf(config: GatewayConfig): (string | undefined)[] {
  const { upstream, storage } = config;
  return [
    upstream.apiKey,
    upstream.accessKey,
    upstream.secretKey,
    upstream.webhookSecret,
    ...(upstream.webhookSecrets ?? []),
    ...config.tokens.map((token) => token.webhookSecret),
    storage.type === 's3' ? storage.secretAccessKey : undefined,
    config.metricsToken,
    config.redisUrl === undefined ? undefined : new URL(config.redisUrl).password || undefined,
  ];
}
