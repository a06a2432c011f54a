import type { IncomingHttpHeaders } from 'node:http';
import type { AuthMode, Caller } from '../auth/authenticate.js';
import type { Engine } from '../engine.js';

/** What a handler gets: the parsed request, the authenticated caller (Kling routes) and the engine. */
export interface HandlerContext {
  engine: Engine;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  params: Record<string, string>;
  /** Present on Kling routes, absent on control and file routes. */
  caller?: Caller;
}

export type Reply =
  /** A Kling success: `{code: 0, message: "SUCCEED", request_id, data}`. */
  | { kind: 'kling'; data: unknown }
  /** Plain JSON (the control API). */
  | { kind: 'json'; status: number; body: unknown }
  /** Raw bytes (the file route). */
  | { kind: 'file'; status: number; headers: Record<string, string>; data: Buffer | undefined };

export interface Route {
  /** The template the stats count requests under, e.g. `GET /v1/videos/{product}/{id}`. */
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  pattern: RegExp;
  /** kling: Kling auth, faults and envelope; control: the `/__sandbox/` API; file: result videos. */
  kind: 'kling' | 'control' | 'file';
  auth?: AuthMode;
  /** Creates are what "lost create reply" faults hit. */
  create?: boolean;
  handle(context: HandlerContext): Reply | Promise<Reply>;
}

export const klingData = (data: unknown): Reply => ({ kind: 'kling', data });
export const controlJson = (body: unknown, status = 200): Reply => ({ kind: 'json', status, body });
