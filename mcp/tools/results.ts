import { pathToFileURL } from 'node:url';
import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/server';
import { KlingError } from '../../core/index.js';
import { videoFileName } from '../download.js';
import { inputNameOf } from './generation-input.js';
import { ToolInputError } from './tool-input.js';
import type { TaskOutput } from './task-output.js';

/** A result carrying `structuredContent` and the same content as JSON text. */
export function structuredResult(structured: Record<string, unknown>, extra: ContentBlock[] = [], isError = false): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }, ...extra],
    structuredContent: structured,
    ...(isError && { isError: true }),
  };
}

/** A task result: a failed task is an `isError` result (with the same shape and a hint). */
export function taskResult(output: TaskOutput): CallToolResult {
  const links: ContentBlock[] = output.videos.flatMap((video, index) => {
    const name = videoFileName(output.task_id, index, output.videos.length);
    const remote: ContentBlock = {
      type: 'resource_link',
      uri: video.url,
      name,
      mimeType: 'video/mp4',
      description: `Generated video${video.duration_seconds === undefined ? '' : ` (${video.duration_seconds} s)`}`,
    };
    if (video.saved_path === undefined) return [remote];
    const local: ContentBlock = {
      type: 'resource_link',
      uri: pathToFileURL(video.saved_path).href,
      name,
      mimeType: 'video/mp4',
      description: 'Saved copy on the server',
    };
    return [remote, local];
  });
  return structuredResult(output, links, output.status === 'failed');
}

/**
 * Any failure as a tool result with `isError`, never a protocol error: the agent reads what went
 * wrong and what to do. Field names are the tool's (snake_case), not the core's.
 */
export function errorResult(error: unknown): CallToolResult {
  const failure = describeFailure(error);
  const text = `${failure.message}${failure.hint ? `\nWhat to do: ${failure.hint}` : ''}`;
  return {
    content: [{ type: 'text', text: `${text}\n\n${JSON.stringify({ error: failure }, null, 2)}` }],
    structuredContent: { error: failure },
    isError: true,
  };
}

interface Failure {
  kind: string;
  message: string;
  hint?: string;
  code?: number;
  field?: string;
  retryable: boolean;
  request_id?: string;
  task_may_exist?: boolean;
  external_task_id?: string;
}

function describeFailure(error: unknown): Failure {
  if (!(error instanceof KlingError)) {
    return {
      kind: 'internal',
      message: `kling-mcp failed: ${error instanceof Error ? error.message : String(error)}`,
      retryable: false,
      hint: 'This is a bug in the server or its environment; the server log (stderr) has details.',
    };
  }
  const field = error.field === undefined || error instanceof ToolInputError ? error.field : inputNameOf(error.field);
  const message =
    field !== undefined && error.field !== undefined && error.message.startsWith(`${error.field}:`)
      ? `${field}:${error.message.slice(error.field.length + 1)}`
      : error.message;
  return {
    kind: error.kind,
    message,
    ...(error.hint !== undefined
      ? { hint: error.hint }
      : error.kind === 'invalid'
        ? { hint: 'Fix the named field and call again; nothing was sent to Kling and nothing was charged.' }
        : {}),
    ...(error.code !== undefined && { code: error.code }),
    ...(field !== undefined && { field }),
    retryable: error.retryable,
    ...(error.requestId !== undefined && { request_id: error.requestId }),
    ...(error.taskMayExist && { task_may_exist: true }),
    ...(error.externalTaskId !== undefined && { external_task_id: error.externalTaskId }),
  };
}
