import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = 'test-pattern.mp4';

let cached: Buffer | undefined;

/**
 * The MP4 every successful task "generates": a 2 s, 320×180 H.264 test pattern, committed in
 * `sandbox/assets/`. Found by walking up from this module, so it works from the sources, from
 * `dist/` and from an installed package (which ships `sandbox/assets/`).
 */
export function testPatternVideo(): Buffer {
  cached ??= readFileSync(testPatternPath());
  return cached;
}

export function testPatternPath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    for (const candidate of [join(directory, 'assets', FILE), join(directory, 'sandbox', 'assets', FILE)]) {
      if (existsSync(candidate)) return candidate;
    }
    directory = dirname(directory);
  }
  throw new Error(`the sandbox's ${FILE} was not found next to ${fileURLToPath(import.meta.url)}`);
}
