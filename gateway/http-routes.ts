import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { TIME_SCALE_HEADER } from '../core/index.js';
import packageJson from '../package.json' with { type: 'json' };
import type { TokenConfig } from './config.js';
import { errorReply } from './error-reply.js';
import { accountCosts } from './facade/account-costs.js';
import { createTask } from './facade/create-task.js';
import { klingRouteOf, methodOfKlingPath } from './facade/kling-routes.js';
import { queryTasks, readLegacyTask } from './facade/read-tasks.js';
import type { GatewayContext } from './gateway-context.js';
import { klingRefusal, newRequestId, type KlingReply } from './kling-reply.js';
import type { McpEndpoint } from './mcp-endpoint.js';
import { overRateLimit } from './rate-limit.js';
import type { ReadinessCheck } from './readiness.js';
import { MAX_CALLBACK_BYTES, readBody } from '../core/node.js';
import { FolderStorage } from './storage/folder-storage.js';
import { TokenAuthenticator } from './token-auth.js';
import { sha256 } from './token-secret.js';
import { upstreamCallback } from './upstream-callback.js';

const VERSION: string = packageJson.version;

/** What a request was answered with, for the metrics. */
interface Answer {
  route: string;
  httpStatus: number;
  code: number | undefined;
  kind?: string;
}

/**
 * The gateway's one HTTP listener: Kling's create and read paths (token auth, Kling's shapes),
 * `/kling/callback` (Kling's signed callbacks), `/mcp`, `/videos/…` (stored copies), `/healthz`,
 * `/readyz` and `/metrics`. Every answer is counted for the metrics.
 */
export function gatewayRequestListener(
  context: GatewayContext,
  parts: { mcp: McpEndpoint; readiness: ReadinessCheck },
): (req: IncomingMessage, res: ServerResponse) => void {
  const auth = new TokenAuthenticator(context.config.tokens);
  const metricsToken = context.config.metricsToken === undefined ? undefined : sha256(context.config.metricsToken);

  const route = async (req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<Answer> => {
    const method = req.method ?? 'GET';
    const kling = klingRouteOf(method, path);
    if (kling) {
      // Upstream is a sandbox whose clock runs fast: clients follow it too, as they would talking to it.
      const scale = context.client.timeScale;
      if (scale < 1) res.setHeader(TIME_SCALE_HEADER, String(scale));
      const requestId = newRequestId();
      const token = await authorize(req, requestId);
      if ('reply' in token) return sendKling(res, kling.route, token.reply);
      let reply: KlingReply;
      if (kling.name === 'create') {
        const body = await readBody(req, context.config.maxBodyBytes);
        if (body === undefined) {
          const tooLarge = klingRefusal(requestId, 1200, `request body too large: at most ${context.config.maxBodyBytes} bytes`, 413);
          context.audit.record({ event: 'create', token: token.token.name, outcome: 'refused', code: 1200, detail: 'body too large' });
          return sendKling(res, kling.route, tooLarge, 'too_large');
        }
        reply = await createTask(context, token.token, { ...kling, body }, requestId);
      } else if (kling.name === 'query') {
        reply = await queryTasks(context, token.token, url.searchParams, requestId);
      } else if (kling.name === 'account') {
        reply = await accountCosts(context, token.token, url.searchParams, requestId);
      } else {
        reply = await readLegacyTask(context, token.token, kling.id, requestId);
      }
      return sendKling(res, kling.route, reply);
    }
    switch (path) {
      case '/kling/callback': {
        if (method !== 'POST') return sendJson(res, '/kling/callback', 405, { error: 'use POST' }, 'method');
        const body = await readBody(req, MAX_CALLBACK_BYTES);
        if (body === undefined)
          return sendJson(res, '/kling/callback', 413, { error: `body too large: at most ${MAX_CALLBACK_BYTES} bytes` }, 'too_large');
        const answer = await upstreamCallback(context, body, req.headers);
        return sendJson(res, '/kling/callback', answer.status, answer.body, answer.status === 200 ? undefined : 'callback_refused');
      }
      case '/mcp': {
        const requestId = newRequestId();
        const token = await authorize(req, requestId);
        if ('reply' in token) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="kling-gateway"');
          return sendJson(
            res,
            '/mcp',
            token.reply.status,
            { jsonrpc: '2.0', error: { code: -32001, message: `Unauthorized: ${token.reply.body.message}` }, id: null },
            'auth',
          );
        }
        await parts.mcp.handle(req, res, token.token, token.secret);
        return { route: '/mcp', httpStatus: res.statusCode, code: undefined, ...(res.statusCode >= 400 && { kind: 'mcp' }) };
      }
      case '/healthz':
        return sendJson(res, '/healthz', 200, { status: 'ok', version: VERSION });
      case '/readyz': {
        const readiness = await parts.readiness.check();
        return sendJson(res, '/readyz', readiness.ready ? 200 : 503, readiness, readiness.ready ? undefined : 'not_ready');
      }
      case '/metrics': {
        if (metricsToken !== undefined && !bearerMatches(req, metricsToken)) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="kling-gateway-metrics"');
          return sendJson(res, '/metrics', 401, { error: 'send Authorization: Bearer <metricsToken>' }, 'auth');
        }
        const text = context.metrics.render(
          context.client.metrics(),
          context.config.tokens.map((token) => token.name),
        );
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(text);
        return { route: '/metrics', httpStatus: 200, code: undefined };
      }
    }
    if (path.startsWith('/videos/') && (method === 'GET' || method === 'HEAD'))
      return serveVideo(res, method, path.slice('/videos/'.length));
    const allowed = methodOfKlingPath(path);
    if (allowed !== undefined)
      return sendKling(
        res,
        'other',
        klingRefusal(newRequestId(), 1202, `wrong HTTP method: ${path.slice(0, 100)} takes ${allowed}`),
        'method',
      );
    return sendKling(
      res,
      'other',
      klingRefusal(newRequestId(), 1203, `no such endpoint on this gateway: ${method} ${path.slice(0, 100)}`),
      'not_found',
    );
  };

  /** The request's token, or Kling's 401 (or 1302 over the token's rate limit). */
  const authorize = async (
    req: IncomingMessage,
    requestId: string,
  ): Promise<{ token: TokenConfig; secret: string } | { reply: KlingReply }> => {
    const outcome = auth.authenticate(req.headers.authorization);
    if (!outcome.ok) return { reply: klingRefusal(requestId, outcome.code, outcome.message) };
    const limited = await overRateLimit(context.store, outcome.token, Date.now());
    if (limited !== undefined) return { reply: klingRefusal(requestId, 1302, limited) };
    return { token: outcome.token, secret: outcome.secret };
  };

  const serveVideo = async (res: ServerResponse, method: string, key: string): Promise<Answer> => {
    const file = context.storage instanceof FolderStorage ? await context.storage.open(key) : undefined;
    if (!file) return sendJson(res, '/videos', 404, { error: 'no such video' }, 'not_found');
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': String(file.bytes), 'Cache-Control': 'private, max-age=86400' });
    if (method === 'HEAD') {
      file.stream.destroy();
      res.end();
    } else {
      await pipeline(file.stream, res);
    }
    return { route: '/videos', httpStatus: 200, code: undefined };
  };

  return (req, res) => {
    const startedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const method = req.method ?? 'GET';
    route(req, res, url.pathname, url)
      .catch((error: unknown): Answer => {
        context.log('error', 'request failed', {
          method,
          path: url.pathname.slice(0, 100),
          error: error instanceof Error ? error.message : String(error),
        });
        // A KlingError keeps its meaning (the shared state down is 5001); anything else is an internal error.
        if (!res.headersSent) return sendKling(res, 'other', errorReply(newRequestId(), error), 'internal');
        res.end();
        return { route: 'other', httpStatus: 500, code: undefined, kind: 'internal' };
      })
      .then((answer) => {
        context.metrics.request({
          method,
          route: answer.route,
          httpStatus: answer.httpStatus,
          code: answer.code,
          kind: answer.kind,
          durationMs: performance.now() - startedAt,
        });
      });
  };
}

function sendKling(res: ServerResponse, route: string, reply: KlingReply, kind?: string): Answer {
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(reply.body));
  return { route, httpStatus: reply.status, code: kind === undefined ? reply.body.code : undefined, ...(kind !== undefined && { kind }) };
}

function sendJson(res: ServerResponse, route: string, status: number, body: unknown, kind?: string): Answer {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
  return { route, httpStatus: status, code: undefined, ...(kind !== undefined && { kind }) };
}

function bearerMatches(req: IncomingMessage, expected: Buffer): boolean {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization?.trim() ?? '');
  return match !== null && timingSafeEqual(sha256(match[1] as string), expected);
}
