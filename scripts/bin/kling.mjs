#!/usr/bin/env node
// `npx kling` in a clone: the CLI, built first if needed (see run-built.mjs).
import { runBuilt } from './run-built.mjs';

await runBuilt('dist/cli/main.js');
