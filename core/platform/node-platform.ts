import { Agent, EnvHttpProxyAgent, request } from 'undici';
import { nodeCrypto } from './node-crypto.js';
import { NoReplyError, type Platform } from './platform.js';

/** Errors raised before a connection was open: the request never left this machine. */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The Node platform: undici with a keep-alive pool that honours HTTP(S)_PROXY and NO_PROXY, Node's
 * timers and `node:crypto`. Used by the MCP server, the CLI, the gateway and the library.
 */
export function nodePlatform(): Platform {
  const pool = { keepAliveTimeout: 10_000, connections: 64 };
  // The proxy-aware agent checks the environment on every request: use it only when a proxy is set.
  const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some((name) => (process.env[name] ?? '') !== '');
  const dispatcher = proxied ? new EnvHttpProxyAgent(pool) : new Agent(pool);
  return {
    ...nodeCrypto,
    now: () => Date.now(),
    schedule(ms, run, options = {}) {
      const timer = setTimeout(run, Math.max(0, ms));
      if (options.keepAlive === false) timer.unref();
      return () => clearTimeout(timer);
    },
    async fetch(input) {
      try {
        const response = await request(input.url, {
          method: input.method,
          dispatcher,
          signal: input.signal,
          headers: input.headers,
          body: input.body,
        });
        const body = await response.body.text();
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
        return { status: response.statusCode, headers, body };
      } catch (error) {
        if (input.signal.aborted) throw new NoReplyError('aborted', 'the request was aborted');
        throw new NoReplyError(CONNECT_FAILURES.has(errorCode(error) ?? '') ? 'connect' : 'network', describe(error));
      }
    },
    close: () => dispatcher.close(),
  };
}

function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown })?.code;
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof own === 'string' && own !== 'UND_ERR_SOCKET'
    ? own
    : typeof cause === 'string'
      ? cause
      : typeof own === 'string'
        ? own
        : undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = errorCode(error);
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
