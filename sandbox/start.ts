import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT, type AccountInfo, type AccountSettings } from './accounts/account.js';
import { DEMO_ACCESS_KEY, DEMO_API_KEY, DEMO_SECRET_KEY } from './accounts/demo-credentials.js';
import type { ClockState } from './clock/clock.js';
import { SandboxControl, type TaskSummary } from './control/api.js';
import { controlRoutes } from './control/routes.js';
import { Engine } from './engine.js';
import type { Faults } from './faults/faults.js';
import { KLING_ROUTES } from './http/kling-routes.js';
import { createRequestHandler } from './http/server.js';
import type { SandboxOptions } from './options.js';
import type { SandboxStats } from './stats/stats.js';
import { selfSignedCertificate } from './tls/certificate.js';

/** A running sandbox and the in-process twins of its control API. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** With `tls`: the self-signed certificate (PEM) and the file it was written to. */
  readonly certificate: { pem: string; path: string } | undefined;
  /** Whether the default account accepts the demo credentials (no key options were given). */
  readonly demoCredentials: boolean;
  /** Stops listening, drops open connections, stops timers and pending callbacks. */
  stop(): Promise<void>;
  stats(): SandboxStats;
  resetStats(): void;
  /** Creates or changes an account (`default` is the one start options configure). */
  setAccount(id: string, settings: AccountSettings): AccountInfo;
  account(id?: string): AccountInfo | undefined;
  /** Replaces the faults of an account (default account when omitted); `{}` clears them. */
  setFaults(faults: Faults, accountId?: string): AccountInfo;
  /** Moves task time forward: running tasks progress (and finish) at once. */
  advanceClock(ms: number): ClockState;
  /** Changes the time scale; what is left of running tasks is stretched too. */
  setTimeScale(scale: number): ClockState;
  /** Puts the server's wall clock (JWT checks, Date header, webhook timestamps) this far off. */
  setClockSkew(ms: number): ClockState;
  clock(): ClockState;
  tasks(accountId?: string): TaskSummary[];
  /** Resolves once every queued callback has been delivered or given up. */
  callbacksIdle(): Promise<void>;
}

/** Starts a local Kling API. See `SandboxOptions`; with none it serves the demo credentials on a free port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  if ((options.accessKey === undefined) !== (options.secretKey === undefined)) {
    throw new Error('accessKey and secretKey go together: give both or neither');
  }
  const host = options.host ?? '127.0.0.1';
  const engine = new Engine({
    seed: options.seed ?? 1,
    timeScale: options.timeScale ?? 0.05,
    manualClock: options.manualClock ?? false,
    units: options.units ?? 10_000,
    concurrency: options.concurrency ?? 5,
    callbackRetries: options.callbackRetries ?? 3,
    callbackRetryDelayMs: options.callbackRetryDelayMs ?? 200,
  });
  const demoCredentials = options.apiKey === undefined && options.accessKey === undefined;
  engine.accounts.set(DEFAULT_ACCOUNT, {
    apiKeys: demoCredentials ? [DEMO_API_KEY] : options.apiKey !== undefined ? [options.apiKey] : [],
    keyPairs: demoCredentials
      ? [{ accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY }]
      : options.accessKey !== undefined
        ? [{ accessKey: options.accessKey, secretKey: options.secretKey as string }]
        : [],
    ...(options.webhookSecret !== undefined ? { webhookSecret: options.webhookSecret } : {}),
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
  });

  const control = new SandboxControl(engine);
  const handler = createRequestHandler({
    engine,
    routes: [...KLING_ROUTES, ...controlRoutes(control)],
    pathPrefixes: options.pathPrefixes ?? ['/klingai', '/kling'],
    controlToken: options.controlToken,
    log: options.quiet === false ? (options.log ?? ((line) => process.stderr.write(`${line}\n`))) : undefined,
  });

  let certificate: Sandbox['certificate'];
  let certificateDirectory: string | undefined;
  let server: Server;
  if (options.tls) {
    const made = selfSignedCertificate([host]);
    certificateDirectory = mkdtempSync(join(tmpdir(), 'kling-sandbox-'));
    const path = join(certificateDirectory, 'certificate.pem');
    writeFileSync(path, made.cert);
    certificate = { pem: made.cert, path };
    server = createHttpsServer({ key: made.key, cert: made.cert }, handler);
  } else {
    server = createHttpServer(handler);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`;
  engine.baseUrl = (options.publicUrl ?? url).replace(/\/+$/, '');

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    host,
    certificate,
    demoCredentials,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        engine.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => {
        if (certificateDirectory) rmSync(certificateDirectory, { recursive: true, force: true });
      })),
    stats: () => control.stats(),
    resetStats: () => control.resetStats(),
    setAccount: (id, settings) => control.setAccount(id, settings),
    account: (id) => control.account(id),
    setFaults: (faults, accountId) => control.setFaults(faults, accountId),
    advanceClock: (ms) => control.changeClock({ advanceMs: ms }),
    setTimeScale: (scale) => control.changeClock({ timeScale: scale }),
    setClockSkew: (ms) => control.changeClock({ skewMs: ms }),
    clock: () => control.clock(),
    tasks: (accountId) => control.tasks(accountId),
    callbacksIdle: () => control.callbacksIdle(),
  };
}
