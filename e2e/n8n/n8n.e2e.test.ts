import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { CREDENTIAL, WORKFLOWS, freePort, isMp4, nodeNamed, readExample, writeJson } from './harness/fixtures.js';
import { installPackage } from './harness/install-package.js';
import { N8n, rawOutputJson } from './harness/n8n.js';
import { ensureRuntime, type Runtime } from './harness/runtime.js';
import { SETTINGS_WORKFLOWS, errorOutputWorkflow, retryOnFailWorkflow, twoItemsWorkflow } from './harness/workflows.js';

/**
 * The packed package in a real n8n 2.41.1: loaded as n8n's installer loads community packages,
 * a credential pointing at the sandbox, the example workflows imported and run — the generate
 * workflow from the command line, the trigger workflow published and called back by Kling.
 */

const PROJECT = resolve(import.meta.dirname, '..', '..');
const EXAMPLES = join(PROJECT, 'examples');
const SECRET = 'whsec_ZTJlLWtsaW5nLXdlYmhvb2stc2VjcmV0LWZvci1uOG4=';
const TIME_SCALE = 0.02;

interface OutputItem {
  json: Record<string, unknown>;
  binary?: Record<string, BinaryRef>;
}
interface RunData {
  status: string;
  data: { resultData: { error?: unknown; runData: Record<string, { data: { main: (OutputItem[] | null)[] } }[]> } };
}
interface BinaryRef {
  data?: string;
  id?: string;
  mimeType: string;
  fileName?: string;
}

let runtime: Runtime;
let work: string;
let filesDir: string;
let sandbox: Sandbox;
let n8n: N8n;
const killOnExit = () => n8n?.kill();

/** Runs a step of the harness and reports how long it took (for the log, never asserted). */
async function step<T>(what: string, run: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  const value = await run();
  process.stderr.write(`[n8n e2e] ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return value;
}

beforeAll(async () => {
  runtime = await step('n8n runtime (install-runtime.sh)', ensureRuntime);
  work = mkdtempSync(join(tmpdir(), 'kling-n8n-e2e-'));
  filesDir = join(work, 'files');
  mkdirSync(filesDir);
  n8n = new N8n({ runtime, userFolder: join(work, 'user'), port: await freePort(), brokerPort: await freePort(), filesDir });
  process.once('exit', killOnExit);

  await step('pack the n8n tarball + install as n8n does', () => installPackage(PROJECT, join(work, 'user'), work));
  sandbox = await startSandbox({ port: 0, timeScale: TIME_SCALE, webhookSecret: SECRET, seed: 3 });

  const credentials = [
    {
      ...CREDENTIAL,
      type: 'klingAiApi',
      data: {
        authentication: 'apiKey',
        apiKey: DEMO_API_KEY,
        region: 'custom',
        baseUrl: sandbox.url,
        webhookSecret: SECRET,
        concurrency: 5,
      },
    },
  ];
  // The examples as shipped, pointed at this run's folder and port.
  const save = readExample(EXAMPLES, 'generate-and-save.json');
  nodeNamed(save, 'Save MP4').parameters.fileName = `=${filesDir}/kling-{{ $json.taskId }}.mp4`;
  const trigger = readExample(EXAMPLES, 'receive-result-trigger.json');
  const start = readExample(EXAMPLES, 'generate-without-waiting.json');
  const webhookId = nodeNamed(trigger, 'Kling AI Trigger').webhookId;
  (nodeNamed(start, 'Start Video').parameters.options as Record<string, unknown>).callbackUrl =
    `${n8n.webhookBase}/webhook/${webhookId}/kling`;
  const agent = readExample(EXAMPLES, 'ai-agent-tool.json');

  const workflows = join(work, 'workflows');
  mkdirSync(workflows);
  for (const workflow of [save, trigger, start, agent, retryOnFailWorkflow(), errorOutputWorkflow(), twoItemsWorkflow()]) {
    writeJson(join(workflows, `${workflow.id}.json`), workflow);
  }
  await step('import credential and workflows', async () => {
    await n8n.mustRun(['import:credentials', `--input=${writeJson(join(work, 'credentials.json'), credentials)}`]);
    await n8n.mustRun(['import:workflow', '--separate', `--input=${workflows}`]);
  });
});

// Set KEEP_N8N_E2E=1 to keep the run's folder (user folder, database, logs) for a look afterwards.
afterAll(async () => {
  await n8n?.stop();
  process.removeListener('exit', killOnExit);
  await sandbox?.stop();
  if (work && !process.env.KEEP_N8N_E2E) rmSync(work, { recursive: true, force: true });
});

/** The bytes of a binary property in a run result (inline Base64, or n8n's filesystem store). */
function binaryBytes(binary: BinaryRef): Buffer {
  if (binary.data && binary.data !== 'filesystem-v2') return Buffer.from(binary.data, 'base64');
  const id = binary.id ?? '';
  const relative = id.replace(/^filesystem(-v2)?:/, '');
  const storage = join(work, 'user', '.n8n', 'storage');
  const path = join(storage, relative);
  if (existsSync(path) && statSync(path).isFile()) return readFileSync(path);
  throw new Error(`binary data ${id} not found under ${storage}`);
}

describe('the Kling AI nodes in a real n8n 2.41.1', () => {
  it('n8n loads both nodes, the credential, and the tool variant the AI agent example uses', async () => {
    const output = join(work, 'nodes.json');
    await step('n8n export:nodes', () => n8n.mustRun(['export:nodes', `--output=${output}`]));
    const types = JSON.parse(readFileSync(output, 'utf8')) as { name: string; usableAsTool?: unknown; credentials?: { name: string }[] }[];
    const ours = types.filter((type) => type.name.startsWith('n8n-nodes-kling.'));
    expect(ours.map((type) => type.name).sort()).toEqual([
      'n8n-nodes-kling.klingAi',
      'n8n-nodes-kling.klingAiTool',
      'n8n-nodes-kling.klingAiTrigger',
    ]);
    expect(ours.every((type) => type.credentials?.some((credential) => credential.name === 'klingAiApi'))).toBe(true);
    const agent = readExample(EXAMPLES, 'ai-agent-tool.json');
    const known = new Set(types.map((type) => type.name));
    expect(agent.nodes.filter((node) => !node.type.endsWith('stickyNote') && !known.has(node.type)).map((node) => node.type)).toEqual([]);
  });

  it('generate-and-save, executed from the CLI, returns the MP4 as binary data and writes it to disk', async () => {
    const result = await step('n8n execute generate-and-save', () =>
      n8n.run(['execute', `--id=${WORKFLOWS.generateAndSave}`, '--rawOutput']),
    );
    const run = rawOutputJson(result.stdout) as RunData;
    expect(run.data.resultData.error, JSON.stringify(run.data.resultData.error)).toBeUndefined();
    expect(result.code).toBe(0);
    expect(run.status).toBe('success');

    const generated = run.data.resultData.runData['Generate Video']![0]!.data.main[0]![0]!;
    expect(generated.json).toMatchObject({
      status: 'succeeded',
      model: 'kling-3.0-turbo',
      done: true,
      videoUrl: expect.stringContaining(sandbox.url),
    });
    const binary = generated.binary!.data!;
    expect(binary).toMatchObject({ mimeType: 'video/mp4', fileName: `kling-${String(generated.json.taskId)}.mp4` });
    expect(isMp4(binaryBytes(binary))).toBe(true);

    const saved = join(filesDir, `kling-${String(generated.json.taskId)}.mp4`);
    expect(isMp4(readFileSync(saved))).toBe(true);
    expect(sandbox.tasks().some((task) => task.id === generated.json.taskId)).toBe(true);
  });

  it('Retry On Fail: a try that fails after creating (lost create reply, then Max Wait with Fail on Timeout) is retried without a second task per item', async () => {
    const before = sandbox.stats().creates;
    sandbox.setFaults({ lostCreateReply: 1, scope: 'creates' });
    // Slower tasks (about 3 s) than the 1 s Max Wait: the first try fails, a later one finds the video.
    sandbox.setTimeScale(0.1);
    let result: Awaited<ReturnType<N8n['run']>>;
    try {
      result = await step('n8n execute retry-on-fail', () => n8n.run(['execute', `--id=${SETTINGS_WORKFLOWS.retryOnFail}`, '--rawOutput']));
    } finally {
      sandbox.setFaults({});
      sandbox.setTimeScale(TIME_SCALE);
    }
    const run = rawOutputJson(result.stdout) as RunData;
    expect(run.status, JSON.stringify(run.data.resultData.error)).toBe('success');
    const generated = mainOutput(run, 'Generate Video', 0);
    expect(generated.map((item) => item.json.status)).toEqual(['succeeded', 'succeeded']);
    const ids = generated.map((item) => String(item.json.externalTaskId));
    expect(new Set(ids).size).toBe(2);

    const after = sandbox.stats().creates;
    // One task per item, though n8n ran the node more than once (its later creates were refused as duplicates).
    expect(ids.map((id) => after.tasksByExternalId[id])).toEqual([1, 1]);
    expect(after.accepted - before.accepted).toBe(2);
    expect(after.duplicateExternalIds - before.duplicateExternalIds).toBeGreaterThanOrEqual(2);
  });

  it('On Error "Continue (using error output)": the invalid item leaves by the error output with its details, the valid one by the success output', async () => {
    const before = sandbox.stats().creates.accepted;
    const result = await step('n8n execute error-output', () =>
      n8n.run(['execute', `--id=${SETTINGS_WORKFLOWS.errorOutput}`, '--rawOutput']),
    );
    const run = rawOutputJson(result.stdout) as RunData;
    expect(run.status, JSON.stringify(run.data.resultData.error)).toBe('success');

    const made = mainOutput(run, 'Generate Video', 0);
    expect(made).toHaveLength(1);
    expect(made[0]!.json).toMatchObject({ status: 'succeeded', done: true });
    const refused = mainOutput(run, 'Generate Video', 1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.json).toMatchObject({
      error: expect.stringMatching(/^Duration \(Seconds\): 60 is not allowed/),
      details: { kind: 'invalid', field: 'duration', taskMayExist: false },
    });
    expect(mainOutput(run, 'Made', 0)).toHaveLength(1);
    expect(mainOutput(run, 'Refused', 0)).toHaveLength(1);
    expect(sandbox.stats().creates.accepted - before).toBe(1);
  });

  it('On Error "Continue": of two items where the second is invalid, the first still makes its video and Kling sees one create', async () => {
    const before = sandbox.stats().creates.accepted;
    const result = await step('n8n execute two-items', () => n8n.run(['execute', `--id=${SETTINGS_WORKFLOWS.twoItems}`, '--rawOutput']));
    const run = rawOutputJson(result.stdout) as RunData;
    expect(run.status, JSON.stringify(run.data.resultData.error)).toBe('success');
    const output = mainOutput(run, 'Generate Video', 0);
    expect(output.map((item) => item.json.status ?? item.json.error)).toEqual([
      'succeeded',
      expect.stringMatching(/^Duration \(Seconds\)/),
    ]);
    expect(sandbox.stats().creates.accepted - before).toBe(1);
  });

  it('the published trigger workflow runs with the finished task when Kling calls its production URL back', async () => {
    await step('n8n publish:workflow', () => n8n.mustRun(['publish:workflow', `--id=${WORKFLOWS.receiveResult}`]));
    await step('n8n start (ready)', () => n8n.start());

    // The example "start a video without waiting", run from the CLI beside the server.
    const result = await step('n8n execute generate-without-waiting', () =>
      n8n.run(['execute', `--id=${WORKFLOWS.generateWithoutWaiting}`, '--rawOutput']),
    );
    const run = rawOutputJson(result.stdout) as RunData;
    expect(run.status, JSON.stringify(run.data.resultData.error)).toBe('success');
    const started = run.data.resultData.runData['Start Video']![0]!.data.main[0]![0]!.json;
    expect(started).toMatchObject({ done: false, handle: expect.stringMatching(/^kt1\./) });

    const execution = await step('trigger execution finished', () => triggerExecution(String(started.taskId)));
    const runData = execution.data.resultData.runData;
    const triggered = runData['Kling AI Trigger']![0]!.data.main[0]![0]!;
    expect(triggered.json).toMatchObject({
      taskId: started.taskId,
      status: 'succeeded',
      verifiedBy: 'signature',
      videoUrl: expect.stringContaining(sandbox.url),
    });
    expect(isMp4(binaryBytes(triggered.binary!.data!))).toBe(true);
    expect(runData['Use the Video']).toHaveLength(1);
    expect(runData['Handle the Failure']).toBeUndefined();

    // Every callback of the task reached n8n and was answered 2xx: none was retried.
    await sandbox.callbacksIdle();
    const callbacks = sandbox.stats().callbacks;
    expect(callbacks).toMatchObject({ failed: 0, retried: 0, signed: callbacks.sent });
    expect(callbacks.delivered).toBe(callbacks.sent);

    // A forged callback is refused before any workflow starts.
    const forged = await fetch(
      `${n8n.webhookBase}/webhook/${readExample(EXAMPLES, 'receive-result-trigger.json').nodes[0]!.webhookId}/kling`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'msg_x',
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': 'v1,Zm9yZ2Vk',
        },
        body: JSON.stringify({ id: started.taskId, status: 'succeeded', outputs: [] }),
      },
    );
    expect(forged.status).toBe(401);
    expect(await executionsOfTrigger()).toHaveLength(1);
  });
});

/** The items of one output of a node's first run. */
function mainOutput(run: RunData, node: string, output: number): OutputItem[] {
  return run.data.resultData.runData[node]?.[0]?.data.main[output] ?? [];
}

function executionsOfTrigger(): (RunData & { id: number; mode: string })[] {
  const out = execFileSync(
    join(runtime.node24, 'bin', 'node'),
    [
      join(import.meta.dirname, 'harness', 'read-executions.cjs'),
      join(work, 'user', '.n8n', 'database.sqlite'),
      join(runtime.n8nHome, 'node_modules'),
      WORKFLOWS.receiveResult,
    ],
    { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  return JSON.parse(out) as (RunData & { id: number; mode: string })[];
}

/** Waits for the trigger workflow's webhook execution of a task to have finished. */
async function triggerExecution(taskId: string): Promise<RunData> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const done = executionsOfTrigger().find(
      (execution) =>
        execution.mode === 'webhook' &&
        ['success', 'error', 'crashed'].includes(execution.status) &&
        execution.data?.resultData.runData['Kling AI Trigger']?.[0]?.data.main[0]?.[0]?.json.taskId === taskId,
    );
    if (done) return done;
    if (Date.now() > deadline) throw new Error(`no finished trigger execution for task ${taskId}\n${n8n.log.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
