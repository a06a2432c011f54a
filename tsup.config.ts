import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    'core/index': 'core/index.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
