import { defineConfig } from 'vitest/config';

// The real-n8n end-to-end test (`npm run test:n8n`): slow, so not part of `npm test`.
export default defineConfig({
  test: {
    include: ['e2e/n8n/**/*.e2e.test.ts'],
    globalSetup: ['e2e/n8n/global-setup.ts'],
    testTimeout: 300_000,
    // A cold n8n install takes several minutes.
    hookTimeout: 1_200_000,
    fileParallelism: false,
  },
});
