import { type ClientConfigInput, KlingClient, KlingError, type Logger } from '../core/index.js';
import type { ServerSettings } from './config.js';
import { StoppedTasks } from './tasks/stopped-tasks.js';
import { TaskIdCodec } from './tasks/task-id.js';

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
  /** Issues and reads MCP task ids (keyed by the credentials); throws like client() without them. */
  taskIds(): TaskIdCodec;
  /** MCP tasks whose following was stopped by tasks/cancel. */
  readonly stoppedTasks: StoppedTasks;
  close(): Promise<void>;
}

export interface ToolContextOptions {
  /** Set on every create, so waits end on Kling's callback instead of the next poll. */
  callbackUrl?: string;
}

export function createToolContext(settings: ServerSettings, log: Logger, options: ToolContextOptions = {}): ToolContext {
  let client: KlingClient | undefined;
  let taskIds: TaskIdCodec | undefined;
  const credentials = (): ClientConfigInput => {
    if (settings.client) return settings.client;
    throw new KlingError({
      kind: 'auth',
      message: 'Kling credentials are not configured on this MCP server',
      hint: settings.missingCredentials,
    });
  };
  return {
    settings,
    log,
    stoppedTasks: new StoppedTasks(),
    taskIds: () => (taskIds ??= new TaskIdCodec(credentials().auth)),
    client() {
      if (client) return client;
      client = new KlingClient({
        ...credentials(),
        ...(options.callbackUrl !== undefined && { callbackUrl: options.callbackUrl }),
        logger: log,
      });
      client.events.on('request', (event) =>
        log('debug', 'Kling request', {
          method: event.method,
          route: event.route,
          status: event.httpStatus,
          code: event.code,
          ms: Math.round(event.durationMs),
        }),
      );
      return client;
    },
    existingClient: () => client,
    async close() {
      await client?.close();
    },
  };
}
