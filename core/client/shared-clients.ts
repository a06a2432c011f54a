import { createHash } from 'node:crypto';
import type { ClientConfigInput } from './config.js';
import { KlingClient } from './kling-client.js';

const clients = new Map<string, KlingClient>();

/**
 * One client per distinct configuration in this process, so that every execution using the same
 * credential shares one scheduler and one tracker (n8n runs many executions in one process).
 */
export function sharedClient(config: ClientConfigInput): KlingClient {
  const { logger: _logger, now: _now, ...rest } = config;
  const key = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
  let client = clients.get(key);
  if (!client) {
    client = new KlingClient(config);
    clients.set(key, client);
  }
  return client;
}

export async function closeSharedClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((client) => client.close()));
}
