import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    'core/index': 'core/index.ts',
    'sandbox/index': 'sandbox/index.ts',
    // The `kling` bin; its source starts with the #!/usr/bin/env node line, which esbuild keeps.
    'cli/main': 'cli/main.ts',
    // The `kling-mcp` bin (MCP server over stdio or Streamable HTTP); also starts with #!/usr/bin/env node.
    'mcp/main': 'mcp/main.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
