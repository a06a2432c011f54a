import { nodeCrypto } from '../platform/node-crypto.js';
import type { ClientConfigInput } from './config.js';
import { KlingClient } from './kling-client.js';

interface Entry {
  client: KlingClient;
  fingerprint: string;
  lastUsedAt: number;
}

const clients = new Map<string, Entry>();

/** A client nobody asked for this long, with no task left to follow, is closed. */
const IDLE_MS = 60 * 60 * 1000;

/**
 * One client per credential in this process, so that every execution using it shares one slot
 * scheduler and one tracker (n8n runs many executions in one process). `id` names the credential:
 * when its settings change, its old client is closed and replaced; clients idle for an hour with
 * nothing to follow are closed, so removed credentials do not keep timers or keys alive.
 */
export function sharedClient(config: ClientConfigInput, options: { id?: string; now?: number } = {}): KlingClient {
  const { logger: _logger, now: _now, platform: _platform, state: _state, ...settings } = config;
  const fingerprint = nodeCrypto.sha256Hex(JSON.stringify(settings));
  const key = options.id ?? fingerprint;
  const now = options.now ?? Date.now();
  evictIdle(now, key);
  const entry = clients.get(key);
  if (entry && entry.fingerprint === fingerprint) {
    entry.lastUsedAt = now;
    return entry.client;
  }
  if (entry) void entry.client.close();
  const client = new KlingClient(config);
  clients.set(key, { client, fingerprint, lastUsedAt: now });
  return client;
}

export async function closeSharedClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((entry) => entry.client.close()));
}

function evictIdle(now: number, keep: string): void {
  for (const [key, entry] of clients) {
    if (key === keep || now - entry.lastUsedAt < IDLE_MS || entry.client.metrics().activeTasks > 0) continue;
    clients.delete(key);
    void entry.client.close();
  }
}
