import { ProtocolError, ProtocolErrorCode, type CallToolResult, type McpServer } from '@modelcontextprotocol/server';
import { errorResult } from './results.js';
import type { KlingTool } from './tool.js';
import { parseToolInput } from './tool-input.js';

/**
 * Lists the tools through the SDK (schemas, annotations, `_meta`) and answers `tools/call` itself.
 * The SDK's own `tools/call` answers a schema refusal with bare text and requires structuredContent
 * on every result, so it can give neither this server's refusals (field, hint, structuredContent,
 * the allowed keys) nor a task (tasks extension). The SDK still wraps this handler: it validates the
 * result and runs the elicitation round trips of `input_required` answers.
 */
export function serveTools(server: McpServer, tools: KlingTool[]): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: tool.annotations,
        ...(tool._meta && { _meta: tool._meta }),
      },
      (input, ctx) => tool.run(input, { ctx, server: server.server }) as Promise<CallToolResult>,
    );
  }
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  server.server.setRequestHandler('tools/call', async (request, ctx) => {
    const tool = byName.get(request.params.name);
    if (!tool)
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Tool ${request.params.name} not found: the tools are ${[...byName.keys()].join(', ')}`,
      );
    let input: unknown;
    try {
      input = parseToolInput(tool, request.params.arguments);
    } catch (error) {
      return errorResult(error);
    }
    return (await tool.run(input as never, { ctx, server: server.server })) as CallToolResult;
  });
}
