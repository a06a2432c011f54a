import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface Runtime {
  /** Node 24's folder (bin/node, include/node). */
  node24: string;
  /** The n8n install (node_modules/.bin/n8n). */
  n8nHome: string;
  n8nBin: string;
}

/**
 * The n8n runtime, installed once per machine outside the clone by `install-runtime.sh` (Node 24
 * from the npm registry, n8n pinned by runtime/package.json + lock). Later runs reuse it.
 */
export function ensureRuntime(): Runtime {
  const script = join(import.meta.dirname, '..', 'install-runtime.sh');
  const result = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`install-runtime.sh failed (exit ${result.status})`);
  const value = (name: string): string => {
    const line = result.stdout.split('\n').find((candidate) => candidate.startsWith(`${name}=`));
    if (!line) throw new Error(`install-runtime.sh printed no ${name}`);
    return line.slice(name.length + 1).trim();
  };
  const n8nHome = value('N8N_HOME');
  return { node24: value('NODE24'), n8nHome, n8nBin: join(n8nHome, 'node_modules', '.bin', 'n8n') };
}
