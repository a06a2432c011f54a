import type { IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { type HttpReply, type HttpRequest, nodeCrypto, NoReplyError, type Platform } from '../../../core/index.js';

/** One HTTP exchange through n8n's own request helpers. */
export type Send = (request: HttpRequest) => Promise<HttpReply>;

/** Errors raised before a connection was open: the request never left n8n. */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The platform inside n8n, within the rules of n8n's verified community packages: HTTP through
 * n8n's request helpers (so n8n's proxy and SSRF settings apply), timers through n8n-workflow's
 * `sleep`, cryptography from `node:crypto`.
 *
 * One instance serves every client of this n8n process. A client is shared by every execution
 * that uses the same credential (one slot pool, one tracker); each execution hands over its
 * helpers when it starts (`use`), and requests go through the latest ones. An execution's own
 * requests carry its own cancel signal; the tracker's batched reads serve all executions at once.
 */
export class N8nPlatform implements Platform {
  private send: Send | undefined;

  readonly hmacSha256 = nodeCrypto.hmacSha256;
  readonly timingSafeEqual = nodeCrypto.timingSafeEqual;
  readonly randomUUID = nodeCrypto.randomUUID;
  readonly sha256Hex = nodeCrypto.sha256Hex;

  /** Routes requests through these helpers from now on. */
  use(send: Send): this {
    this.send = send;
    return this;
  }

  fetch(request: HttpRequest): Promise<HttpReply> {
    if (!this.send) return Promise.reject(new NoReplyError('connect', 'no n8n request helpers were handed to the Kling client yet'));
    return this.send(request);
  }

  /** n8n-workflow's `sleep` cannot be cancelled: a cancelled timer just does nothing when it fires. */
  schedule(ms: number, run: () => void): () => void {
    let cancelled = false;
    void sleep(Math.max(0, ms)).then(() => {
      if (!cancelled) run();
    });
    return () => {
      cancelled = true;
    };
  }

  now(): number {
    return Date.now();
  }
}

/** The process's n8n platform, shared by every Kling client the nodes create. */
export const n8nPlatform = new N8nPlatform();

/** Sends through `this.helpers.httpRequest` of an execution or a webhook call. */
export function httpRequestSender(helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> }): Send {
  return async (request) => {
    try {
      const response = (await helpers.httpRequest({
        method: request.method,
        url: request.url,
        headers: request.headers,
        ...(request.body !== undefined && { body: request.body }),
        abortSignal: request.signal,
        encoding: 'text',
        json: false,
        returnFullResponse: true,
        ignoreHttpStatusErrors: true,
      })) as { body: unknown; headers: Record<string, unknown>; statusCode: number };
      return reply(response.statusCode, response.headers, response.body);
    } catch (error) {
      throw noReply(error, request.signal);
    }
  };
}

/**
 * Sends through the legacy `request` helper: the only one n8n gives a credential test. It goes
 * through the same proxy and SSRF settings.
 */
export function legacyRequestSender(helpers: { request(options: object): Promise<unknown> }): Send {
  return async (request) => {
    try {
      const response = (await helpers.request({
        method: request.method,
        uri: request.url,
        headers: request.headers,
        ...(request.body !== undefined && { body: request.body }),
        json: false,
        simple: false,
        resolveWithFullResponse: true,
        timeout: 15_000,
      })) as { body: unknown; headers: Record<string, unknown>; statusCode: number };
      return reply(response.statusCode, response.headers, response.body);
    } catch (error) {
      throw noReply(error, request.signal);
    }
  };
}

function reply(status: number, rawHeaders: Record<string, unknown>, body: unknown): HttpReply {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(rawHeaders ?? {}))
    headers[name.toLowerCase()] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  const text = typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body);
  return { status, headers, body: text };
}

function noReply(error: unknown, signal: AbortSignal): NoReplyError {
  if (signal.aborted) return new NoReplyError('aborted', 'the request was aborted');
  const code = String((error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  return new NoReplyError(
    CONNECT_FAILURES.has(code) ? 'connect' : 'network',
    code && !message.includes(code) ? `${code}: ${message}` : message,
  );
}
