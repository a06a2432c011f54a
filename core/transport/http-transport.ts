import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import type { Authorizer, EndpointFamily } from '../auth/authorizer.js';
import { KlingError } from '../errors/kling-error.js';
import type { Redactor } from '../errors/redact.js';
import { routeOf, type ClientEventEmitter } from '../observability/events.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface SendOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path below the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  family: EndpointFamily;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface Reply {
  data: unknown;
  requestId: string | undefined;
  httpStatus: number;
  /** The server's `Date` header: the doctor compares clocks with it. */
  date: string | undefined;
}

interface Envelope {
  code?: unknown;
  message?: unknown;
  request_id?: unknown;
  data?: unknown;
}

/**
 * One HTTP exchange with Kling: auth header, deadline and caller signal, envelope decoding into
 * data or a `KlingError`. Token renewal (1003/1004) is retried here once; every other retry policy
 * lives with the caller, which knows whether the request is safe to repeat.
 */
export class HttpTransport {
  private readonly dispatcher: Dispatcher;

  constructor(
    private readonly options: {
      baseUrl: string;
      timeoutMs: number;
      authorizer: Authorizer;
      breaker: CircuitBreaker;
      events: ClientEventEmitter;
      redactor: Redactor;
      userAgent?: string;
    },
  ) {
    // Keep-alive pool; honours HTTP(S)_PROXY and NO_PROXY from the environment.
    this.dispatcher = new EnvHttpProxyAgent({ keepAliveTimeout: 10_000, connections: 32 });
  }

  async send(options: SendOptions): Promise<Reply> {
    this.options.breaker.check();
    const reply = await this.exchange(options).catch((error: unknown) => {
      const renewable = error instanceof KlingError && (error.code === 1003 || error.code === 1004);
      if (renewable && this.options.authorizer.recover(error.code)) return this.retryAfterRenewal(options, error as KlingError);
      throw error;
    });
    this.options.breaker.success();
    return reply;
  }

  /** One more try with a fresh token; a second 1003 means the clocks disagree too much to sign around. */
  private async retryAfterRenewal(options: SendOptions, first: KlingError): Promise<Reply> {
    try {
      return await this.exchange(options);
    } catch (error) {
      if (error instanceof KlingError && first.code === 1003 && error.code === 1003) {
        throw new KlingError({
          kind: 'auth',
          code: 1003,
          httpStatus: error.httpStatus,
          requestId: error.requestId,
          message: `${error.message} (also after re-signing with a wider clock skew)`,
          hint: "This machine's clock differs from Kling's: synchronise it (NTP), e.g. `sudo timedatectl set-ntp true`.",
        });
      }
      throw error;
    }
  }

  private async exchange(options: SendOptions): Promise<Reply> {
    const started = performance.now();
    const route = routeOf(options.path);
    const deadline = AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let httpStatus: number | undefined;
    let code: number | undefined;
    let kind: string | undefined;
    try {
      const authorization = await this.options.authorizer.header(options.family);
      const response = await request(this.url(options), {
        method: options.method,
        dispatcher: this.dispatcher,
        signal,
        headers: {
          authorization,
          accept: 'application/json',
          'user-agent': this.options.userAgent ?? 'n8n-nodes-kling',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      httpStatus = response.statusCode;
      const text = await response.body.text();
      const date = headerValue(response.headers['date']);
      const envelope = parseEnvelope(text);
      const requestId = typeof envelope?.request_id === 'string' ? envelope.request_id : undefined;
      if (!envelope || typeof envelope.code !== 'number') {
        kind = 'server';
        throw new KlingError({
          kind: 'server',
          httpStatus,
          retryable: httpStatus >= 500 || httpStatus === 429,
          message: `Kling answered HTTP ${httpStatus} without its JSON envelope`,
          hint: 'Check the base URL; a proxy or gateway may be answering instead of Kling.',
        });
      }
      code = envelope.code;
      if (code !== 0) {
        const message = this.options.redactor.text(String(envelope.message ?? ''));
        const error = KlingError.fromCode(code, message, { requestId, httpStatus });
        kind = error.kind;
        throw error;
      }
      return { data: envelope.data, requestId, httpStatus, date };
    } catch (error) {
      const failure = this.classify(error, options, signal, deadline);
      kind ??= failure.kind;
      if (failure.kind === 'server' || failure.kind === 'network' || failure.kind === 'timeout') this.options.breaker.failure();
      throw failure;
    } finally {
      this.options.events.emit('request', {
        method: options.method,
        route,
        httpStatus,
        code,
        kind,
        durationMs: performance.now() - started,
      });
    }
  }

  private classify(error: unknown, options: SendOptions, signal: AbortSignal, deadline: AbortSignal): KlingError {
    if (error instanceof KlingError) return error;
    const what = `${options.method} ${routeOf(options.path)}`;
    if (options.signal?.aborted) {
      return new KlingError({ kind: 'cancelled', message: `${what} was cancelled`, cause: undefined });
    }
    if (deadline.aborted || signal.aborted) {
      return new KlingError({
        kind: 'timeout',
        retryable: true,
        message: `${what} got no answer within ${options.timeoutMs ?? this.options.timeoutMs} ms`,
        hint: 'Kling or the network is slow; raise the request timeout if this repeats.',
      });
    }
    const reason = error instanceof Error ? this.options.redactor.text(error.message) : 'unknown error';
    return new KlingError({
      kind: 'network',
      retryable: true,
      message: `${what} failed on the network: ${reason}`,
      hint: 'Check the connection and the base URL.',
    });
  }

  private url(options: SendOptions): string {
    const url = new URL(this.options.baseUrl + options.path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Envelope) : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
