import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ClientConfigInput } from '../../core/index.js';
import { estimateOutputSchema } from '../tools/estimate-output.js';

/**
 * MCP task ids (tasks extension) carry everything needed to answer for the task: the Kling task
 * handle and what the tool result shows besides the task itself (model, fallback, estimate,
 * download choice, a prompt preview for the player). So a restarted server, or another replica with
 * the same credentials, answers `tasks/get` with no memory of the call.
 *
 *   kmt1.<payload, base64url JSON>.<HMAC-SHA256, 16 bytes, base64url>
 *
 * The MAC key is derived from the Kling credentials: an id cannot be forged or altered without
 * them, and the random nonce makes every id unguessable, as the spec requires. The payload is
 * signed, not encrypted: it holds nothing the caller did not send or could not read with get_task.
 */
const PREFIX = 'kmt1';
const MAC_BYTES = 16;
/** Enough of the prompt for the player's caption; the id stays small. */
export const PROMPT_PREVIEW_CHARS = 200;

const payloadSchema = z.object({
  handle: z.string().min(1),
  model: z.string(),
  fallbackFrom: z.string().optional(),
  estimate: estimateOutputSchema.optional(),
  download: z.boolean().optional(),
  prompt: z.string().max(PROMPT_PREVIEW_CHARS).optional(),
  createdAt: z.number().int().nonnegative(),
  nonce: z.string(),
});

export type TaskIdPayload = Omit<z.infer<typeof payloadSchema>, 'nonce'>;

export class TaskIdCodec {
  private readonly key: Buffer;

  constructor(auth: ClientConfigInput['auth']) {
    const secret = auth.type === 'apiKey' ? auth.apiKey : auth.type === 'accessKey' ? `${auth.accessKey}\n${auth.secretKey}` : auth.token;
    this.key = createHmac('sha256', secret).update('kling-mcp task ids v1').digest();
  }

  encode(payload: TaskIdPayload): string {
    const body = Buffer.from(JSON.stringify({ ...payload, nonce: randomBytes(12).toString('base64url') })).toString('base64url');
    return `${PREFIX}.${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The payload of an id this server (or a replica with the same credentials) issued; undefined for anything else. */
  decode(taskId: string): TaskIdPayload | undefined {
    const [prefix, body, mac, ...rest] = taskId.split('.');
    if (prefix !== PREFIX || body === undefined || mac === undefined || rest.length > 0) return undefined;
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, this.mac(body))) return undefined;
    try {
      const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      if (!parsed.success) return undefined;
      const { nonce: _nonce, ...payload } = parsed.data;
      return payload;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES);
  }
}
