import type { CallToolResult, InputRequiredResult, Server, ServerContext, ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { TaskCreated } from '../tasks/task-shapes.js';

/** What a tool gets besides its input: the request's context and the server it came to (for the client's capabilities). */
export interface ToolCall {
  ctx: ServerContext;
  server: Server;
}

/** A finished result, a question for the user first (input_required), or a task (tasks extension). */
export type ToolAnswer = CallToolResult | InputRequiredResult | TaskCreated;

/** One tool: what tools/list shows and what tools/call runs, with a strict input schema. */
export interface KlingTool<Input extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  /** Strict (`.strict()`): unknown keys are refused, never dropped. */
  input: Input;
  output: z.ZodObject;
  annotations: ToolAnnotations;
  _meta?: Record<string, unknown>;
  run(input: z.output<Input>, call: ToolCall): Promise<ToolAnswer>;
}
