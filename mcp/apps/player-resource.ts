import type { McpServer } from '@modelcontextprotocol/server';
import { REGION_BASE_URLS } from '../../core/index.js';
import type { ToolContext } from '../context.js';
import { PLAYER_HTML } from './player-html.js';

/**
 * MCP Apps (`io.modelcontextprotocol/ui`, ext-apps specification 2026-01-26): the `ui://` view that
 * plays a finished task's MP4. generate_video and get_task name it in `_meta.ui.resourceUri`; a
 * host that supports MCP Apps renders their results with it, any other host ignores the metadata.
 */
export const UI_EXTENSION = 'io.modelcontextprotocol/ui';
export const PLAYER_URI = 'ui://kling-mcp/player';
export const APP_MIME_TYPE = 'text/html;profile=mcp-app';

/** The tool metadata that links a tool's results to the player. */
export const PLAYER_TOOL_META = { ui: { resourceUri: PLAYER_URI } };

/**
 * Where videos may be loaded from (the view's CSP `media-src`, declared as `resourceDomains`):
 * Kling's file hosts and the configured API origin (a gateway or the sandbox serves its files
 * there). Nothing else: the view fetches no script, style or font.
 */
export function videoOrigins(context: ToolContext): string[] {
  const client = context.settings.client;
  const base = client?.baseUrl ?? REGION_BASE_URLS[client?.region ?? 'global'];
  return [...new Set(['https://*.klingai.com', new URL(base).origin])];
}

export function registerPlayer(server: McpServer, context: ToolContext): void {
  server.registerResource(
    'video-player',
    PLAYER_URI,
    {
      title: 'Kling video player',
      description: 'Plays a finished generate_video or get_task result, with its prompt, model, duration and cost.',
      mimeType: APP_MIME_TYPE,
    },
    () => ({
      contents: [
        {
          uri: PLAYER_URI,
          mimeType: APP_MIME_TYPE,
          text: PLAYER_HTML,
          _meta: { ui: { csp: { resourceDomains: videoOrigins(context) }, prefersBorder: true } },
        },
      ],
    }),
  );
}
