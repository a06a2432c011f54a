import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import { createMcpHandler, isLegacyRequest, type McpServerFactory } from '@modelcontextprotocol/server';
import { ClientEventEmitter, Metrics, renderPrometheus } from '../core/index.js';
import { isLoopback, MAX_CALLBACK_BYTES, readBody } from '../core/node.js';
import { MIN_PUBLIC_TOKEN_LENGTH } from './config.js';
import type { ToolContext } from './context.js';
import { bearerGuard, hostGuards } from './http-guards.js';
import { LegacySessions } from './legacy-sessions.js';
import { SERVER_VERSION } from './server.js';

export interface HttpOptions {
  host: string;
  port: number;
  context: ToolContext;
  factory: McpServerFactory;
}

export interface RunningHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:3917/mcp. */
  url: string;
  close(): Promise<void>;
}

/** Requests may carry Base64 images. */
const MAX_MCP_BYTES = 64 * 1024 * 1024;

/**
 * Streamable HTTP on `/mcp` (both protocol generations, from one factory: modern requests are
 * served one by one, 2025-era clients in sessions), plus
 * `POST /kling/callback` (Kling's signed callbacks, fed to the tracker), `GET /healthz` and
 * `GET /metrics` (Prometheus text). Loopback by default; any other address needs a bearer token.
 */
export async function startHttpServer(options: HttpOptions): Promise<RunningHttpServer> {
  const { context } = options;
  const token = context.settings.token;
  if (!isLoopback(options.host) && token === undefined) {
    throw new Error(`binding ${options.host} (not loopback) requires a bearer token: set KLING_MCP_TOKEN`);
  }
  if (!isLoopback(options.host) && (token as string).length < MIN_PUBLIC_TOKEN_LENGTH) {
    throw new Error(
      `binding ${options.host} (not loopback) requires a KLING_MCP_TOKEN of at least ${MIN_PUBLIC_TOKEN_LENGTH} characters (it has ${(token as string).length}): generate one with openssl rand -hex 24`,
    );
  }
  // Modern (2026-07-28) requests: one server instance per request. 2025-era clients get sessions.
  const handler = createMcpHandler(options.factory, {
    legacy: 'reject',
    maxRequestBodySize: MAX_MCP_BYTES,
    onerror: (error) => context.log('warn', 'MCP request failed', { error: error.message }),
  });
  const modern = toNodeHandler(handler, {
    maxRequestBodySize: MAX_MCP_BYTES,
    onerror: (error) => context.log('error', 'MCP handler failed', { error: error.message }),
  });
  const legacy = new LegacySessions(options.factory, { log: context.log });
  const serveMcp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return legacy.handle(req, res);
    const body = await readBody(req, MAX_MCP_BYTES);
    if (body === undefined) return tooLarge(res, { jsonrpc: '2.0', error: { code: -32600, message: 'Request body too large' }, id: null });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: the body is not JSON' }, id: null });
    }
    const isLegacy = await isLegacyRequest(await toWebRequest(req, parsed), parsed, { maxRequestBodySize: MAX_MCP_BYTES });
    return isLegacy ? legacy.handle(req, res, parsed) : modern(req, res, parsed);
  };
  const authorized = bearerGuard(token);
  // /metrics is read by the same browsers a rebinding page runs in: the same Host/Origin checks as /mcp.
  const guards = [...hostGuards(options.host, context.settings.publicUrl), authorized];

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = (): Promise<void> | void => {
      if (path === '/mcp') {
        if (guards.every((guard) => guard(req, res))) return serveMcp(req, res);
        return;
      }
      if (path === '/kling/callback') return callback(context, req, res);
      if (path === '/healthz') return health(context, req, res);
      if (path === '/metrics') {
        if (guards.every((guard) => guard(req, res))) metrics(context, req, res);
        return;
      }
      reply(res, 404, { error: `nothing at ${path}: the MCP endpoint is /mcp` });
    };
    Promise.resolve()
      .then(route)
      .catch((error: unknown) => {
        context.log('error', 'HTTP request failed', { path, error: error instanceof Error ? error.message : String(error) });
        if (!res.headersSent) reply(res, 500, { error: 'internal error' });
        else res.end();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/mcp`,
    async close() {
      await legacy.close();
      await handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function callback(context: ToolContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' });
  if (context.settings.client === undefined) return reply(res, 503, { error: 'no Kling credentials are configured' });
  const body = await readBody(req, MAX_CALLBACK_BYTES);
  if (body === undefined) return tooLarge(res, { error: `body too large: a callback is at most ${MAX_CALLBACK_BYTES} bytes` });
  const result = await context.client().ingestCallback(body, req.headers);
  if (!result.accepted) {
    context.log('warn', 'callback refused', { status: result.status, reason: result.reason });
    return reply(res, result.status, { error: result.reason });
  }
  context.log('debug', 'callback accepted', { handle: result.task.handle, status: result.task.status, duplicate: result.duplicate });
  reply(res, 200, { ok: true });
}

function health(context: ToolContext, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: 'use GET' });
  reply(res, 200, {
    status: 'ok',
    version: SERVER_VERSION,
    credentials: context.settings.client === undefined ? 'missing' : 'configured',
    active_tasks: context.existingClient()?.metrics().activeTasks ?? 0,
  });
}

function metrics(context: ToolContext, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET') return reply(res, 405, { error: 'use GET' });
  const client = context.existingClient() ?? (context.settings.client === undefined ? undefined : context.client());
  // Without credentials there is no client: every family at zero, from an idle collector.
  const snapshot = client?.metrics() ?? { ...new Metrics(new ClientEventEmitter()).snapshot(), activeTasks: 0, pools: [] };
  res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  res.end(renderPrometheus(snapshot));
}

function tooLarge(res: ServerResponse, body: unknown): void {
  res.writeHead(413, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
