import type { Authorizer, EndpointFamily } from '../auth/authorizer.js';
import { KlingError } from '../errors/kling-error.js';
import type { Redactor } from '../errors/redact.js';
import { routeOf, type ClientEventEmitter } from '../observability/events.js';
import { NoReplyError, type Platform } from '../platform/platform.js';
import { deadline } from '../platform/timers.js';
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

/** The header a sandbox sets to say how fast its clock runs (see `sandbox/`); real Kling never sends it. */
export const TIME_SCALE_HEADER = 'x-kling-sandbox-time-scale';

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  platform: Platform;
  authorizer: Authorizer;
  breaker: CircuitBreaker;
  events: ClientEventEmitter;
  redactor: Redactor;
  userAgent?: string;
  /** Told the time scale a sandbox announces, on every reply that carries one. */
  onTimeScale?: (scale: number) => void;
}

/**
 * One HTTP exchange with Kling: auth header, deadline and caller signal, envelope decoding into
 * data or a `KlingError`. Token renewal (1003/1004) is retried here once; every other retry policy
 * lives with the caller, which knows whether the request is safe to repeat.
 */
export class HttpTransport {
  constructor(private readonly options: TransportOptions) {}

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
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const timer = deadline(this.options.platform, timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
    let httpStatus: number | undefined;
    let code: number | undefined;
    let kind: string | undefined;
    try {
      const response = await this.options.platform.fetch({
        method: options.method,
        url: this.url(options),
        signal,
        headers: {
          authorization: this.options.authorizer.header(options.family),
          accept: 'application/json',
          'user-agent': this.options.userAgent ?? 'kling-mcp',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      httpStatus = response.status;
      this.noticeTimeScale(response.headers[TIME_SCALE_HEADER]);
      const envelope = parseEnvelope(response.body);
      const requestId =
        typeof envelope?.request_id === 'string' ? this.options.redactor.text(envelope.request_id).slice(0, 100) : undefined;
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
      return { data: envelope.data, requestId, httpStatus, date: response.headers['date'] };
    } catch (error) {
      const failure = this.classify(error, options, timeoutMs, timer.signal);
      kind ??= failure.kind;
      if (failure.kind === 'server' || failure.kind === 'network' || failure.kind === 'timeout') this.options.breaker.failure();
      throw failure;
    } finally {
      timer.clear();
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

  private classify(error: unknown, options: SendOptions, timeoutMs: number, deadlineSignal: AbortSignal): KlingError {
    if (error instanceof KlingError) return error;
    const what = `${options.method} ${routeOf(options.path)}`;
    if (options.signal?.aborted) {
      return new KlingError({ kind: 'cancelled', message: `${what} was cancelled` });
    }
    if (deadlineSignal.aborted) {
      return new KlingError({
        kind: 'timeout',
        retryable: true,
        message: `${what} got no answer within ${timeoutMs} ms`,
        hint: 'Kling or the network is slow; raise the request timeout if this repeats.',
      });
    }
    const reason = error instanceof Error ? this.options.redactor.text(error.message) : 'unknown error';
    const unsent = error instanceof NoReplyError && error.reason === 'connect';
    return new KlingError({
      kind: 'network',
      retryable: true,
      sent: !unsent,
      message: unsent ? `${what} could not connect to ${this.host()}: ${reason}` : `${what} failed on the network: ${reason}`,
      hint: unsent ? 'Check the base URL and that the server is running; nothing was sent.' : 'Check the connection and the base URL.',
    });
  }

  private noticeTimeScale(value: string | undefined): void {
    if (value === undefined || !this.options.onTimeScale) return;
    const scale = Number(value);
    if (Number.isFinite(scale) && scale > 0 && scale <= 1) this.options.onTimeScale(scale);
  }

  private host(): string {
    try {
      return new URL(this.options.baseUrl).host;
    } catch {
      return 'the server';
    }
  }

  private url(options: SendOptions): string {
    const url = new URL(this.options.baseUrl + options.path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
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
