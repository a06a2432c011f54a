import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const MISSING_DEPENDENCY_SOURCES = /^Sourcemap for ".*[\\/]node_modules[\\/].*" points to missing source files$/;

/**
 * Drops one Vite warning: packages such as n8n-workflow publish sourcemaps without the sources
 * they point to, and Vite says so once per file (over a hundred lines a run). That is their
 * packaging, nothing a test can act on; every other message passes through.
 */
function quietDependencySourcemaps(): Plugin {
  return {
    name: 'quiet-dependency-sourcemaps',
    configResolved(config) {
      const warnOnce = config.logger.warnOnce.bind(config.logger);
      config.logger.warnOnce = (message, options) => {
        if (!MISSING_DEPENDENCY_SOURCES.test(message)) warnOnce(message, options);
      };
    },
  };
}

export default defineConfig({
  plugins: [quietDependencySourcemaps()],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
