import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
export { freePort } from '../../../test/free-port.js';

export const CREDENTIAL = { id: 'KlingAiCredent01', name: 'Kling AI account' } as const;

export const WORKFLOWS = {
  generateAndSave: 'klingGenSave0001',
  generateWithoutWaiting: 'klingGenNoWait01',
  receiveResult: 'klingTriggerRes1',
  agentTool: 'klingAgentTool01',
} as const;

interface WorkflowFile {
  id: string;
  nodes: {
    name: string;
    type: string;
    webhookId?: string;
    parameters: Record<string, unknown>;
    credentials?: Record<string, { id: string }>;
  }[];
}

export function readExample(examplesDir: string, file: string): WorkflowFile {
  return JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as WorkflowFile;
}

export function writeJson(path: string, value: unknown): string {
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

export function nodeNamed(workflow: WorkflowFile, name: string): WorkflowFile['nodes'][number] {
  const node = workflow.nodes.find((candidate) => candidate.name === name);
  if (!node) throw new Error(`workflow ${workflow.id} has no node "${name}"`);
  return node;
}

/** Whether base64 data or bytes hold an MP4 (`ftyp` box first). */
export function isMp4(bytes: Buffer): boolean {
  return bytes.subarray(4, 8).toString('latin1') === 'ftyp';
}
