#!/usr/bin/env node
// `npx kling-mcp` in a clone: the MCP server, built first if needed (see run-built.mjs).
import { runBuilt } from './run-built.mjs';

await runBuilt('dist/mcp/main.js');
