import { randomUUID } from 'node:crypto';
import { codeInfo } from '../core/index.js';

/** An HTTP answer in Kling's envelope: `{code, message, request_id, data?}`. */
export interface KlingReply {
  status: number;
  body: { code: number; message: string; request_id: string; data?: unknown };
}

export function newRequestId(): string {
  return randomUUID();
}

export function klingData(requestId: string, data: unknown): KlingReply {
  return { status: 200, body: { code: 0, message: 'SUCCEED', request_id: requestId, data } };
}

/** A refusal as Kling words it: the code's HTTP status, no `data`. */
export function klingRefusal(requestId: string, code: number, message: string, status?: number): KlingReply {
  return { status: status ?? codeInfo(code)?.httpStatus ?? 500, body: { code, message, request_id: requestId } };
}
