import { Emitter } from './emitter.js';

export interface RequestEvent {
  method: string;
  /** The path with ids replaced (`/v1/videos/text2video/:id`), to keep label sets small. */
  route: string;
  httpStatus: number | undefined;
  /** Kling's code, 0 on success; undefined when no reply came (network, timeout). */
  code: number | undefined;
  kind: string | undefined;
  durationMs: number;
}

export interface ClientEvents {
  request: [RequestEvent];
  'task-created': [{ handle: string; model: string; estimateUnits: number | undefined }];
  'task-ended': [{ handle: string; status: string; costUnits: number | undefined }];
  queue: [{ pool: string; queued: number; inFlight: number; capacity: number }];
  log: [{ level: string; message: string; fields?: Record<string, unknown> }];
}

/** The client's observability hooks: subscribe for metrics or logs. */
export class ClientEventEmitter extends Emitter<ClientEvents> {}

/** Replaces ids in a path so routes can be counted. */
export function routeOf(path: string): string {
  const bare = path.split('?')[0] as string;
  return bare.replace(/(\/v1\/videos\/[^/]+)\/[^/]+$/, '$1/:id').replace(/\/\d{6,}(?=\/|$)/g, '/:id');
}
