import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isInitializeRequest, type McpServerFactory } from '@modelcontextprotocol/server';
import type { Logger } from '../core/index.js';

interface Session {
  transport: NodeStreamableHTTPServerTransport;
  lastSeen: number;
}

export interface LegacySessionOptions {
  /** A session unused this long is closed. */
  idleMs?: number;
  /** New sessions are refused (503) beyond this many. */
  maxSessions?: number;
  log: Logger;
}

/**
 * Sessionful serving of 2025-era clients (`initialize` + `Mcp-Session-Id`), from the same
 * factory as the modern leg. Unlike the SDK's stateless legacy fallback it keeps one server
 * instance per session, so `notifications/cancelled` reaches the request it cancels and a
 * cancelled wait stops at once.
 */
export class LegacySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly idleMs: number;
  private readonly maxSessions: number;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly options: LegacySessionOptions,
  ) {
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxSessions = options.maxSessions ?? 1_000;
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(60_000, this.idleMs)).unref();
  }

  async handle(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<void> {
    const header = req.headers['mcp-session-id'];
    const id = Array.isArray(header) ? header[0] : header;
    if (id !== undefined) {
      const session = this.sessions.get(id);
      if (!session) return reject(res, 404, -32001, 'Session not found: start a new session with initialize');
      session.lastSeen = Date.now();
      return session.transport.handleRequest(req, res, parsedBody);
    }
    if (req.method !== 'POST' || !isInitializeRequest(parsedBody)) {
      return reject(res, 400, -32000, 'Bad Request: send initialize first, then the Mcp-Session-Id it returns');
    }
    if (this.sessions.size >= this.maxSessions) return reject(res, 503, -32000, 'Too many sessions: try again later');
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => {
        this.sessions.set(sessionId, { transport, lastSeen: Date.now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.sessions.delete(transport.sessionId);
    };
    const server = await this.factory({ era: 'legacy' });
    await server.connect(transport);
    await transport.handleRequest(req, res, parsedBody);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((session) => session.transport.close().catch(() => undefined)));
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [id, session] of this.sessions) {
      if (session.lastSeen >= cutoff) continue;
      this.sessions.delete(id);
      this.options.log('debug', 'closing an idle MCP session');
      void session.transport.close().catch(() => undefined);
    }
  }
}

function reject(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
