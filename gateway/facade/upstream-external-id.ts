import { createHash, randomUUID } from 'node:crypto';

/**
 * The external id a create carries upstream. Derived from the token and the client's own id, so a
 * repeated create of one token finds the same upstream task (Kling refuses a second one), while two
 * tokens using the same id of their own never collide. Without a client id, a fresh one.
 */
export function upstreamExternalId(token: string, externalTaskId: string | undefined): string {
  if (externalTaskId === undefined) return `gw-${randomUUID()}`;
  return `gw-${createHash('sha256').update(`${token}\n${externalTaskId}`, 'utf8').digest('hex').slice(0, 40)}`;
}
