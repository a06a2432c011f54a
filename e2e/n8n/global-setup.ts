import { ensureBuilt } from '../../scripts/ensure-build.js';

/** The e2e packs the n8n package (from dist/nodes and dist/credentials): build it when it is missing or older than the sources (under the shared build lock). */
export default async function setup(): Promise<void> {
  await ensureBuilt('dist/nodes/kling-nodes.js', (line) => process.stderr.write(`${line}\n`));
}
