import { McpServer, type McpServerFactory } from '@modelcontextprotocol/server';
import packageJson from '../package.json' with { type: 'json' };
import { PLAYER_URI, registerPlayer, UI_EXTENSION } from './apps/player-resource.js';
import type { ToolContext } from './context.js';
import { registerTaskMethods } from './tasks/task-methods.js';
import { TASKS_EXTENSION } from './tasks/task-shapes.js';
import { estimateCreditsTool } from './tools/estimate-credits.js';
import { generateVideoTool } from './tools/generate-video.js';
import { getTaskTool } from './tools/get-task.js';
import { serveTools } from './tools/serve-tools.js';

export const SERVER_NAME = 'kling-mcp';
export const SERVER_VERSION: string = packageJson.version;

const INSTRUCTIONS = `Kling AI video generation.
- estimate_credits prices a request (no key, no charge); generate_video makes a video and spends credits; get_task checks a task.
- Videos take minutes. generate_video and get_task wait up to wait_seconds (at most 45) and then answer with a handle; while done is false, call get_task with that handle after poll_after_seconds. Do not create the same video twice because a wait ended.
- When done, videos[].url is the MP4 (a resource_link is attached; ${PLAYER_URI} plays it in hosts with MCP Apps) and cost_units is what was charged.
- Failures come back as results with isError and a hint saying what to change.`;

/**
 * The one factory both transports serve (stdio: once per connection; HTTP: once per request, for
 * both protocol generations). Every instance shares the context, hence one Kling client.
 */
export function createServerFactory(context: ToolContext): McpServerFactory {
  return () => {
    const server = new McpServer(
      { name: SERVER_NAME, title: 'Kling AI video', version: SERVER_VERSION },
      {
        capabilities: { tools: { listChanged: false }, extensions: { [TASKS_EXTENSION]: {}, [UI_EXTENSION]: {} } },
        instructions: INSTRUCTIONS,
      },
    );
    serveTools(server, [generateVideoTool(context), getTaskTool(context), estimateCreditsTool(context)]);
    registerTaskMethods(server, context);
    registerPlayer(server, context);
    return server;
  };
}
