import { CLIENT_CAPABILITIES_META_KEY, type ClientCapabilities } from '@modelcontextprotocol/server';
import { TASKS_EXTENSION } from './tasks/task-shapes.js';
import type { ToolCall } from './tools/tool.js';

/**
 * What the calling client declared it can do: a 2026-07-28 request carries its capabilities in its
 * own `_meta` envelope; a 2025-era session declared them once, at initialize.
 */
export function clientCapabilitiesOf(call: ToolCall): ClientCapabilities | undefined {
  return requestCapabilities(call) ?? call.server.getClientCapabilities();
}

/**
 * Whether this very request declares the tasks extension. Per request only: the spec forbids
 * answering with a task to a request that did not declare it, whatever was declared before.
 */
export function requestDeclaresTasks(call: ToolCall): boolean {
  const declared = (requestCapabilities(call)?.extensions as Record<string, unknown> | undefined)?.[TASKS_EXTENSION];
  return typeof declared === 'object' && declared !== null;
}

/** Form elicitation: `elicitation: {}` (the 2025-06 form) or `elicitation: { form: {} }`. */
export function supportsFormElicitation(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation as Record<string, unknown> | undefined;
  return elicitation !== undefined && (Object.keys(elicitation).length === 0 || elicitation.form !== undefined);
}

function requestCapabilities(call: ToolCall): ClientCapabilities | undefined {
  return (call.ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as
    ClientCapabilities | undefined;
}
