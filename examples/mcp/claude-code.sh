#!/usr/bin/env sh
# Registers kling-mcp with Claude Code. Pick one.

# From npm, over stdio, with your key:
claude mcp add kling -e KLING_API_KEY="$KLING_API_KEY" -e KLING_DOWNLOAD_DIR="$PWD/videos" -- npx -y -p n8n-nodes-kling kling-mcp

# Without an account: the embedded sandbox (fake videos, no credits):
claude mcp add kling-sandbox -- npx -y -p n8n-nodes-kling kling-mcp --sandbox

# From a clone of this repository (after npm install):
claude mcp add kling -e KLING_API_KEY="$KLING_API_KEY" -- node "$PWD/dist/mcp/main.js"

# A shared HTTP server (kling-mcp --http, KLING_MCP_TOKEN set on the server):
claude mcp add --transport http kling http://127.0.0.1:3917/mcp --header "Authorization: Bearer $KLING_MCP_TOKEN"
