import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isInitializeRequest, type McpServerFactory } from '@modelcontextprotocol/server';
import type { Logger } from '../core/index.js';

interface Session {
  transport: NodeStreamableHTTPServerTransport;
  /** Who opened it (address and client name): the unit a per-client bound applies to. */
  owner: string;
  lastSeen: number;
}

export interface LegacySessionOptions {
  /** A session unused this long is closed. */
  idleMs?: number;
  /** At most this many sessions in all; when full, the least recently used one makes room. */
  maxSessions?: number;
  /** At most this many sessions per client; its own least recently used one makes room. */
  maxSessionsPerClient?: number;
  log: Logger;
}

/**
 * Sessionful serving of 2025-era clients (`initialize` + `Mcp-Session-Id`), from the same
 * factory as the modern leg. Unlike the SDK's stateless legacy fallback it keeps one server
 * instance per session, so `notifications/cancelled` reaches the request it cancels and a
 * cancelled wait stops at once.
 *
 * The table is bounded, and a full table never refuses a newcomer: a client that opens sessions
 * without closing them only ever pushes out its own oldest ones, and the oldest idle session of
 * anyone makes room when the whole table is full. A client whose session was closed gets 404 and,
 * as the protocol requires, starts a new one.
 */
export class LegacySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly idleMs: number;
  private readonly maxSessions: number;
  private readonly maxSessionsPerClient: number;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly options: LegacySessionOptions,
  ) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.maxSessions = options.maxSessions ?? 1_000;
    this.maxSessionsPerClient = options.maxSessionsPerClient ?? 20;
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
    const owner = `${req.socket.remoteAddress ?? '?'}|${parsedBody.params.clientInfo.name}`;
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => {
        this.makeRoomFor(owner);
        this.sessions.set(sessionId, { transport, owner, lastSeen: Date.now() });
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

  /** Closes the owner's least recently used session when it has its share, then anyone's when the table is full. */
  private makeRoomFor(owner: string): void {
    const owned = [...this.sessions].filter(([, session]) => session.owner === owner);
    if (owned.length >= this.maxSessionsPerClient) this.evict(leastRecentlyUsed(owned), 'this client opened more sessions than its share');
    if (this.sessions.size >= this.maxSessions) this.evict(leastRecentlyUsed([...this.sessions]), 'the session table is full');
  }

  private evict(id: string | undefined, why: string): void {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (id === undefined || !session) return;
    this.sessions.delete(id);
    this.options.log('debug', `closing the least recently used MCP session: ${why}`);
    void session.transport.close().catch(() => undefined);
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

function leastRecentlyUsed(entries: [string, Session][]): string | undefined {
  let oldest: [string, Session] | undefined;
  for (const entry of entries) if (!oldest || entry[1].lastSeen < oldest[1].lastSeen) oldest = entry;
  return oldest?.[0];
}

function reject(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
