/**
 * What the engine needs from its runtime, and nothing more: HTTP, timers, the clock, HMAC-SHA256
 * and random ids, and a log sink. The core never reaches for these itself; it is handed one
 * platform (`core/platform/node-platform.ts` on Node, the n8n nodes' adapter inside n8n).
 */
export interface Platform {
  /** Sends one HTTP request and reads the whole body as text. */
  fetch(request: HttpRequest): Promise<HttpReply>;
  /**
   * Runs `run` once after `ms`. `keepAlive: false` lets the process exit while only this timer is
   * left (a background poll nobody waits for); adapters without that notion ignore it.
   */
  schedule(ms: number, run: () => void, options?: { keepAlive?: boolean }): Cancel;
  /** Wall clock, ms since the epoch. */
  now(): number;
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** Constant-time comparison of two byte strings of equal length. */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /** A random RFC 4122 v4 UUID. */
  randomUUID(): string;
  /** A SHA-256 digest, for non-secret keys (cache keys, account keys). */
  sha256Hex(data: string): string;
  /** Frees what the adapter holds (connection pools); the platform is unusable afterwards. */
  close?(): Promise<void>;
}

export type Cancel = () => void;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the request: the caller's cancellation or its deadline. */
  signal: AbortSignal;
}

export interface HttpReply {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
}

/**
 * Why no reply came. `connect`: the connection could not be opened (refused, unknown host), so the
 * request never left — a create sent this way created nothing. `network`: the connection failed
 * after it was opened — the request may have arrived. `aborted`: the request's signal fired.
 */
export type NoReplyReason = 'connect' | 'network' | 'aborted';

export class NoReplyError extends Error {
  override readonly name = 'NoReplyError';

  constructor(
    readonly reason: NoReplyReason,
    message: string,
  ) {
    super(message);
  }
}
