import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../auth/authenticate.js';
import { ControlError } from '../control/control-error.js';
import type { Engine } from '../engine.js';
import { drawFault, FAULT_CODES, type FaultDraw } from '../faults/faults.js';
import { readBody } from './body.js';
import { KlingFailure } from './kling-failure.js';
import { matchRoute, stripPrefix } from './router.js';
import { TIME_SCALE_HEADER } from './time-scale-header.js';
import type { HandlerContext, Reply, Route } from './types.js';

export interface RequestHandlerOptions {
  engine: Engine;
  routes: readonly Route[];
  /** Gateway path prefixes served like the root (`/klingai`, `/kling`). */
  pathPrefixes: readonly string[];
  /** When set, control requests need the header `x-sandbox-token: <token>`. */
  controlToken: string | undefined;
  /** One line per request; never given a secret. */
  log: ((line: string) => void) | undefined;
}

const FAULT_MESSAGES = {
  internalError: 'Server internal error',
  maintenance: 'Server temporarily unavailable, usually due to maintenance',
  internalTimeout: 'Server internal timeout, usually due to a backlog',
  tooManyRequests: 'Too many requests; rate limit exceeded',
} as const;

/** The sandbox's request loop: route, authenticate, inject faults, handle, answer in Kling's envelope. */
export function createRequestHandler(options: RequestHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      // A bug, not a Kling answer: say so once and close the exchange.
      console.error('kling sandbox: unexpected error', error);
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  };
}

async function handle(options: RequestHandlerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { engine } = options;
  const started = Date.now();
  const requestId = randomUUID();
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const path = stripPrefix(url.pathname, options.pathPrefixes);
  const match = matchRoute(options.routes, method, path);
  const routeName = 'route' in match ? match.route.name : 'unmatched';
  const isControl = 'route' in match ? match.route.kind === 'control' : match.control;
  response.setHeader(TIME_SCALE_HEADER, String(engine.clock.timeScale));

  const finish = (code: number | 'dropped' | 'lost-reply', status: number): void => {
    if (!isControl) engine.stats.request(routeName, code);
    options.log?.(`${method} ${url.pathname} → ${status === 0 ? 'connection dropped' : status} code ${code} (${Date.now() - started} ms)`);
  };
  const drop = (code: 'dropped' | 'lost-reply'): void => {
    request.socket.destroy();
    finish(code, 0);
  };

  try {
    const body = await readBody(request);
    if ('failure' in match) throw match.failure;
    const { route, params } = match;
    const context: HandlerContext = { engine, method, path, query: url.searchParams, headers: request.headers, body, params };

    let fault: FaultDraw = { kind: undefined, latencyMs: 0 };
    if (route.kind === 'control') checkControlToken(options.controlToken, request);
    if (route.kind === 'kling') {
      const caller = await authenticate(request.headers.authorization, route.auth ?? 'api-key', engine.accounts, engine.clock.wallNow());
      context.caller = caller;
      fault = drawFault(caller.account.faults, caller.account.faultRandom, { isCreate: route.create === true });
      if (fault.latencyMs > 0) {
        engine.stats.latency(fault.latencyMs);
        await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      }
      if (fault.kind === 'dropConnection') {
        engine.stats.fault('dropConnection');
        return drop('dropped');
      }
      if (fault.kind !== undefined && fault.kind !== 'lostCreateReply') {
        engine.stats.fault(fault.kind);
        throw new KlingFailure(FAULT_CODES[fault.kind], FAULT_MESSAGES[fault.kind]);
      }
    }

    const reply = await route.handle(context);
    if (fault.kind === 'lostCreateReply') {
      engine.stats.fault('lostCreateReply');
      return drop('lost-reply');
    }
    const status = write(response, reply, requestId, engine.clock.wallNow());
    finish(reply.kind === 'kling' ? 0 : status, status);
  } catch (error) {
    if (error instanceof ControlError) {
      const status = write(response, { kind: 'json', status: 400, body: { error: error.message } }, requestId, engine.clock.wallNow());
      return finish(status, status);
    }
    if (error instanceof ControlTokenError) {
      const status = write(response, { kind: 'json', status: 401, body: { error: error.message } }, requestId, engine.clock.wallNow());
      return finish(status, status);
    }
    if (!(error instanceof KlingFailure)) throw error;
    if (isControl) {
      const status = write(
        response,
        { kind: 'json', status: error.httpStatus, body: { error: error.message } },
        requestId,
        engine.clock.wallNow(),
      );
      return finish(status, status);
    }
    const envelope = { code: error.code, message: error.message, request_id: requestId };
    const status = writeJson(response, error.httpStatus, envelope, engine.clock.wallNow());
    finish(error.code, status);
  }
}

class ControlTokenError extends Error {}

function checkControlToken(token: string | undefined, request: IncomingMessage): void {
  if (token === undefined) return;
  if (request.headers['x-sandbox-token'] !== token) {
    throw new ControlTokenError('the control API needs the header x-sandbox-token (the sandbox was started with a control token)');
  }
}

function write(response: ServerResponse, reply: Reply, requestId: string, wallNow: number): number {
  switch (reply.kind) {
    case 'kling':
      return writeJson(response, 200, { code: 0, message: 'SUCCEED', request_id: requestId, data: reply.data }, wallNow);
    case 'json':
      return writeJson(response, reply.status, reply.body, wallNow);
    case 'file':
      response.sendDate = false;
      response.writeHead(reply.status, { ...reply.headers, date: new Date(wallNow).toUTCString() });
      response.end(reply.data);
      return reply.status;
  }
}

function writeJson(response: ServerResponse, status: number, body: unknown, wallNow: number): number {
  const text = JSON.stringify(body);
  response.sendDate = false;
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    // The server's wall clock (skewable): clients check their clock against it.
    date: new Date(wallNow).toUTCString(),
  });
  response.end(text);
  return status;
}
