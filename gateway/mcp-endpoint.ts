import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import { createMcpHandler, isLegacyRequest } from '@modelcontextprotocol/server';
import type { Logger } from '../core/index.js';
import { settingsFromEnv } from '../mcp/config.js';
import { createToolContext, type ToolContext } from '../mcp/context.js';
import { LegacySessions } from '../mcp/legacy-sessions.js';
import { createServerFactory } from '../mcp/server.js';
import type { TokenConfig } from './config.js';
import { readBody } from '../core/node.js';

interface TokenMcp {
  context: ToolContext;
  modern: ReturnType<typeof toNodeHandler>;
  close(): Promise<void>;
  legacy: LegacySessions;
}

/**
 * `/mcp`: the project's MCP server (mcp/: its tools, both protocol generations), one per token.
 * Each token's tools use a Kling client in Gateway mode that calls this gateway back with that
 * token, so an agent's creates and reads pass the same checks as any client's: the token's models,
 * budget, rate limit, ownership and audit. A token's MCP sessions are its own.
 */
export class McpEndpoint {
  readonly #byToken = new Map<string, TokenMcp>();

  constructor(
    private readonly options: {
      /** Where this gateway answers on this machine (the MCP tools' Kling client calls it there). */
      loopbackUrl: () => string;
      /** The upstream clock's pace (below 1 against a fast sandbox): the tools' polling follows it. */
      timeScale: () => number;
      maxBodyBytes: number;
      log: Logger;
    },
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, token: TokenConfig, secret: string): Promise<void> {
    const mcp = this.#forToken(token, secret);
    if (req.method !== 'POST') return mcp.legacy.handle(req, res);
    const body = await readBody(req, this.options.maxBodyBytes);
    if (body === undefined)
      return json(res, 413, {
        jsonrpc: '2.0',
        error: { code: -32600, message: `Request body too large (at most ${this.options.maxBodyBytes} bytes)` },
        id: null,
      });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return json(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: the body is not JSON' }, id: null });
    }
    const legacy = await isLegacyRequest(await toWebRequest(req, parsed), parsed, { maxRequestBodySize: this.options.maxBodyBytes });
    return legacy ? mcp.legacy.handle(req, res, parsed) : mcp.modern(req, res, parsed);
  }

  async close(): Promise<void> {
    const all = [...this.#byToken.values()];
    this.#byToken.clear();
    await Promise.all(all.map((mcp) => mcp.close()));
  }

  #forToken(token: TokenConfig, secret: string): TokenMcp {
    const existing = this.#byToken.get(token.name);
    if (existing) return existing;
    const { log, maxBodyBytes } = this.options;
    const settings = {
      ...settingsFromEnv({}),
      client: {
        auth: { type: 'gateway' as const, token: secret, standard: 'new' as const },
        baseUrl: this.options.loopbackUrl(),
        // The gateway queues and limits; this client only forwards.
        concurrency: 10_000,
        poll: { scale: this.options.timeScale(), minIntervalMs: 1_000, maxIntervalMs: 30_000 },
      },
      missingCredentials: undefined,
    };
    const context = createToolContext(settings, log);
    const factory = createServerFactory(context);
    const handler = createMcpHandler(factory, {
      legacy: 'reject',
      maxRequestBodySize: maxBodyBytes,
      onerror: (error) => log('warn', 'MCP request failed', { token: token.name, error: error.message }),
    });
    const legacy = new LegacySessions(factory, { log });
    const mcp: TokenMcp = {
      context,
      legacy,
      modern: toNodeHandler(handler, {
        maxRequestBodySize: maxBodyBytes,
        onerror: (error) => log('error', 'MCP handler failed', { error: error.message }),
      }),
      async close() {
        await legacy.close();
        await handler.close();
        await context.close();
      },
    };
    this.#byToken.set(token.name, mcp);
    return mcp;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
