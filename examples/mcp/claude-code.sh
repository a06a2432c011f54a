#!/usr/bin/env sh
# Registers kling-mcp with Claude Code. Pick one. Until kling-mcp is published on npm, build the
# tarball first (npm run pack: its first line is the kling-mcp tarball) and point KLING_MCP_TGZ at it:
KLING_MCP_TGZ="${KLING_MCP_TGZ:-/ABSOLUTE/PATH/TO/kling-mcp-0.1.0.tgz}"

# Over stdio, with your key:
claude mcp add kling -e KLING_API_KEY="$KLING_API_KEY" -e KLING_DOWNLOAD_DIR="$PWD/videos" -- npx -y --package "$KLING_MCP_TGZ" kling-mcp

# Without an account: the embedded sandbox (fake videos, no credits):
claude mcp add kling-sandbox -- npx -y --package "$KLING_MCP_TGZ" kling-mcp --sandbox

# A shared HTTP server (kling-mcp --http, KLING_MCP_TOKEN set on the server):
claude mcp add --transport http kling http://127.0.0.1:3917/mcp --header "Authorization: Bearer $KLING_MCP_TOKEN"
