import { ensureBuilt } from '../../scripts/ensure-build.js';

/** The e2e packs the n8n package (build/n8n): build it when it is missing or older than the sources (under the shared build lock). */
export default async function setup(): Promise<void> {
  await ensureBuilt('build/n8n/dist/nodes/kling-nodes.js', (line) => process.stderr.write(`${line}\n`));
}
