import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../gateway/config.js';
import { startGateway, type RunningGateway } from '../../gateway/start-gateway.js';
import { hashTokenSecret, newTokenSecret, newWebhookSecret } from '../../gateway/token-secret.js';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { CREDENTIAL, WORKFLOWS, freePort, isMp4, nodeNamed, readExample, writeJson } from './harness/fixtures.js';
import { installPackage } from './harness/install-package.js';
import { N8n, rawOutputJson } from './harness/n8n.js';
import { ensureRuntime, type Runtime } from './harness/runtime.js';

/**
 * The packed n8n package in a real n8n 2.41.1 with a Gateway credential: the generate example runs
 * through `kling serve` (the gateway holds the account's key; n8n holds only a gateway token).
 */

const PROJECT = resolve(import.meta.dirname, '..', '..');
const EXAMPLES = join(PROJECT, 'examples');
const TIME_SCALE = 0.02;
const UPSTREAM_SECRET = 'whsec_Z2F0ZXdheS1lMmUtdXBzdHJlYW0tc2VjcmV0LTE=';

interface RunData {
  status: string;
  data: {
    resultData: {
      error?: unknown;
      runData: Record<
        string,
        {
          data: { main: { json: Record<string, unknown>; binary?: Record<string, { data?: string; id?: string; mimeType: string }> }[][] };
        }[]
      >;
    };
  };
}

let runtime: Runtime;
let work: string;
let filesDir: string;
let sandbox: Sandbox;
let gateway: RunningGateway;
let n8n: N8n;
const tokenSecret = newTokenSecret();
const killOnExit = () => n8n?.kill();

beforeAll(async () => {
  runtime = await ensureRuntime();
  work = mkdtempSync(join(tmpdir(), 'kling-n8n-gateway-e2e-'));
  filesDir = join(work, 'files');
  mkdirSync(filesDir);
  n8n = new N8n({ runtime, userFolder: join(work, 'user'), port: await freePort(), brokerPort: await freePort(), filesDir });
  process.once('exit', killOnExit);
  installPackage(PROJECT, join(work, 'user'), work);

  sandbox = await startSandbox({ port: 0, timeScale: TIME_SCALE, webhookSecret: UPSTREAM_SECRET, seed: 9 });
  const port = await freePort();
  gateway = await startGateway(
    gatewayConfig({
      file: {
        port,
        publicUrl: `http://127.0.0.1:${port}`,
        dataDir: join(work, 'gateway'),
        upstream: { apiKey: DEMO_API_KEY, baseUrl: sandbox.url, pollScale: TIME_SCALE, webhookSecret: UPSTREAM_SECRET },
        tokens: [
          { name: 'n8n', secretHash: hashTokenSecret(tokenSecret), webhookSecret: newWebhookSecret(), budget: { units: 50, per: 'day' } },
        ],
      },
      env: {},
      cwd: work,
    }),
    { write: () => undefined },
  );

  // The credential as a user fills it in: Gateway Token, the gateway's URL, the new request style.
  // (The nodes follow the sandbox's clock from the gateway's replies.)
  const credentials = [
    {
      ...CREDENTIAL,
      type: 'klingAiApi',
      data: {
        authentication: 'gateway',
        gatewayToken: tokenSecret,
        gatewayStandard: 'new',
        region: 'custom',
        baseUrl: gateway.url,
        concurrency: 5,
      },
    },
  ];
  const save = readExample(EXAMPLES, 'generate-and-save.json');
  nodeNamed(save, 'Save MP4').parameters.fileName = `=${filesDir}/kling-{{ $json.taskId }}.mp4`;
  const workflows = join(work, 'workflows');
  mkdirSync(workflows);
  writeJson(join(workflows, `${save.id}.json`), save);
  await n8n.mustRun(['import:credentials', `--input=${writeJson(join(work, 'credentials.json'), credentials)}`]);
  await n8n.mustRun(['import:workflow', '--separate', `--input=${workflows}`]);
});

afterAll(async () => {
  await n8n?.stop();
  process.removeListener('exit', killOnExit);
  await gateway?.close();
  await sandbox?.stop();
  if (work && !process.env.KEEP_N8N_E2E) rmSync(work, { recursive: true, force: true });
});

describe('the Kling AI nodes in a real n8n 2.41.1, through kling serve', () => {
  it("generate-and-save runs with a Gateway credential: the task is the token's, the MP4 comes from the gateway's storage", async () => {
    const result = await n8n.run(['execute', `--id=${WORKFLOWS.generateAndSave}`, '--rawOutput']);
    const run = rawOutputJson(result.stdout) as RunData;
    expect(run.data.resultData.error, JSON.stringify(run.data.resultData.error)).toBeUndefined();
    expect(run.status).toBe('success');

    const generated = run.data.resultData.runData['Generate Video']![0]!.data.main[0]![0]!;
    expect(generated.json).toMatchObject({
      status: 'succeeded',
      model: 'kling-3.0-turbo',
      done: true,
      videoUrl: expect.stringContaining(`${gateway.url}/videos/n8n/`),
    });
    const taskId = String(generated.json.taskId);
    const saved = readFileSync(join(filesDir, `kling-${taskId}.mp4`));
    expect(isMp4(saved)).toBe(true);
    // The one task at Kling was made by the gateway, for the n8n token.
    expect(sandbox.tasks().map((task) => task.id)).toEqual([taskId]);
    await gateway.context.audit.flush();
    const audit = readFileSync(join(work, 'gateway', 'audit', 'n8n.jsonl'), 'utf8');
    const lines = audit
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.event === 'create')).toEqual([
      expect.objectContaining({ token: 'n8n', outcome: 'ok', model: 'kling-3.0-turbo', units: 4, taskId }),
    ]);
    expect(lines.some((line) => line.event === 'task-end' && line.taskId === taskId && line.outcome === 'succeeded')).toBe(true);
    expect(audit).not.toContain(DEMO_API_KEY);
    expect(audit).not.toContain(tokenSecret);
  });
});
