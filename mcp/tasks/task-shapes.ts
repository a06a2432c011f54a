import type { CallToolResult } from '@modelcontextprotocol/server';

/**
 * The wire shapes of the MCP tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663, draft of
 * modelcontextprotocol/experimental-ext-tasks). The SDK has no server side for it; these are the
 * spec's `Task`, `CreateTaskResult` and `DetailedTask`.
 */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

export interface TaskState {
  taskId: string;
  status: 'working' | 'input_required' | 'completed' | 'cancelled' | 'failed';
  statusMessage?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastUpdatedAt: string;
  /** Milliseconds from creation the task may be kept; null for unlimited. */
  ttlMs: number | null;
  pollIntervalMs?: number;
}

/** What `tools/call` answers instead of a CallToolResult when it made a task. */
export interface TaskCreated extends TaskState {
  resultType: 'task';
}

/** What `tasks/get` answers: the task, with its result once completed or its JSON-RPC error once failed. */
export type DetailedTask =
  | (TaskState & { status: 'working' | 'cancelled' })
  | (TaskState & { status: 'completed'; result: CallToolResult })
  | (TaskState & { status: 'failed'; error: { code: number; message: string; data?: unknown } });
