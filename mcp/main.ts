#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { newWebhookSecret, receiverForLocalSandbox } from '../core/node.js';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../sandbox/index.js';
import { callbackUrlOf, ENV_VARS, settingsFromEnv } from './config.js';
import { createToolContext } from './context.js';
import { startHttpServer } from './http.js';
import { stderrLogger } from './logger.js';
import { createServerFactory, SERVER_NAME, SERVER_VERSION } from './server.js';

const DEFAULT_PORT = 3917;
/** The embedded sandbox runs its clock this much faster than Kling: a video takes seconds. */
const SANDBOX_TIME_SCALE = 0.1;

const USAGE = `Usage: kling-mcp [--http [--port N] [--host H]] [--sandbox]

An MCP server for Kling AI video: tools generate_video, get_task, estimate_credits.

  (no option)   serve MCP over stdio (for Claude Desktop, Claude Code, Cursor, …)
  --http        serve Streamable HTTP on http://<host>:<port>/mcp, plus /kling/callback,
                /healthz and /metrics
  --port N      HTTP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H      HTTP address (default 127.0.0.1; another address requires KLING_MCP_TOKEN)
  --sandbox     start an embedded Kling sandbox and use it: try everything without a key
  --version, --help

Environment:
${Object.entries(ENV_VARS)
  .map(([name, text]) => `  ${name.padEnd(26)}${text}`)
  .join('\n')}
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      http: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      sandbox: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(USAGE);
  if (values.version) return void process.stdout.write(`${SERVER_VERSION}\n`);
  if (!values.http && (values.port !== undefined || values.host !== undefined)) throw new Error('--port and --host go with --http');
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number (got '${values.port}')`);

  // stdout is the protocol channel in stdio mode: anything printed by mistake goes to stderr.
  if (!values.http) console.log = console.info = console.debug = console.error;

  const env: Record<string, string | undefined> = { ...process.env };
  let sandbox: Sandbox | undefined;
  if (values.sandbox) {
    // Both ends share a webhook secret: the sandbox's callbacks are signed and trusted as they come.
    const webhookSecret = newWebhookSecret();
    sandbox = await startSandbox({ timeScale: SANDBOX_TIME_SCALE, webhookSecret });
    Object.assign(env, {
      KLING_BASE_URL: sandbox.url,
      KLING_API_KEY: DEMO_API_KEY,
      KLING_WEBHOOK_SECRET: webhookSecret,
      KLING_ACCESS_KEY: undefined,
      KLING_SECRET_KEY: undefined,
    });
    env.KLING_POLL_SCALE ??= String(SANDBOX_TIME_SCALE);
  }
  const settings = settingsFromEnv(env);
  const log = stderrLogger(settings.logLevel);
  if (sandbox)
    log('info', `embedded Kling sandbox on ${sandbox.url} (demo key, clock ×${1 / SANDBOX_TIME_SCALE}); no real credits are used`);
  if (settings.missingCredentials)
    log('warn', `${settings.missingCredentials}; estimate_credits works, the other tools will say what to set`);

  // On stdio, against a sandbox on this machine: its callbacks end waits when the task ends.
  const receiver = values.http
    ? undefined
    : await receiverForLocalSandbox(
        { ingestCallback: (...args) => context.client().ingestCallback(...args) },
        { baseUrl: settings.client?.baseUrl, callbackUrl: settings.client?.callbackUrl, sandboxHere: sandbox !== undefined },
      );
  const context = createToolContext(settings, log, { callbackUrl: values.http ? callbackUrlOf(settings) : receiver?.url });
  const factory = createServerFactory(context);
  let closeServer: () => Promise<void>;
  if (values.http) {
    if (settings.publicUrl !== undefined && (settings.client?.webhookSecrets ?? []).length === 0) {
      log('warn', 'KLING_PUBLIC_URL is set without KLING_WEBHOOK_SECRET: callbacks cannot be verified');
    }
    const http = await startHttpServer({ host: values.host ?? '127.0.0.1', port, context, factory });
    log('info', `${SERVER_NAME} ${SERVER_VERSION} listening on ${http.url}${settings.token ? ' (bearer token required)' : ''}`);
    closeServer = http.close;
  } else {
    const stdio = serveStdio(factory, { onerror: (error) => log('warn', 'stdio transport error', { error: error.message }) });
    log('info', `${SERVER_NAME} ${SERVER_VERSION} serving MCP on stdio`);
    closeServer = () => stdio.close();
  }

  let stopping = false;
  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log('info', `stopping (${why})`);
    await closeServer().catch(() => undefined);
    await receiver?.close();
    await context.close().catch(() => undefined);
    await sandbox?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (!values.http) process.stdin.once('close', () => void stop('stdin closed'));
}

main().catch((error: unknown) => {
  process.stderr.write(`kling-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
