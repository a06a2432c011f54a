import { KlingClient, KlingError, type Logger } from '../core/index.js';
import type { ServerSettings } from './config.js';

/**
 * What every tool handler shares in one process: the settings, the logger and one Kling client
 * (one scheduler, one tracker), however many MCP connections or HTTP requests come and go.
 */
export interface ToolContext {
  readonly settings: ServerSettings;
  readonly log: Logger;
  /** The shared client; throws a KlingError that says what to set when credentials are missing. */
  client(): KlingClient;
  /** The client if it was ever created (for metrics and callbacks); never creates one. */
  existingClient(): KlingClient | undefined;
  close(): Promise<void>;
}

export interface ToolContextOptions {
  /** Set on every create, so waits end on Kling's callback instead of the next poll. */
  callbackUrl?: string;
}

export function createToolContext(settings: ServerSettings, log: Logger, options: ToolContextOptions = {}): ToolContext {
  let client: KlingClient | undefined;
  return {
    settings,
    log,
    client() {
      if (client) return client;
      if (!settings.client) {
        throw new KlingError({
          kind: 'auth',
          message: 'Kling credentials are not configured on this MCP server',
          hint: settings.missingCredentials,
        });
      }
      client = new KlingClient({
        ...settings.client,
        ...(options.callbackUrl !== undefined && { callbackUrl: options.callbackUrl }),
        logger: log,
      });
      client.events.on('request', (event) =>
        log('debug', 'Kling request', { method: event.method, route: event.route, status: event.httpStatus, code: event.code, ms: Math.round(event.durationMs) }),
      );
      return client;
    },
    existingClient: () => client,
    async close() {
      await client?.close();
    },
  };
}
