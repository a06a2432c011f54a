import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { Editor, ensureChromium } from './harness/editor.js';
import { CREDENTIAL, WORKFLOWS, freePort, readExample, writeJson } from './harness/fixtures.js';
import { installPackage } from './harness/install-package.js';
import { N8n } from './harness/n8n.js';
import { ensureRuntime } from './harness/runtime.js';

/**
 * The package in the real n8n 2.41.1 editor, as a user meets it: headless Chromium (Debian's, driven
 * by playwright-core; nothing beyond loopback is reachable) finds the nodes in the nodes panel,
 * opens the Generate panel, the credential and the trigger. Screenshots of each step are kept in
 * e2e/n8n/artifacts/ (gitignored).
 */

const PROJECT = resolve(import.meta.dirname, '..', '..');
const EXAMPLES = join(PROJECT, 'examples');
const WRONG_KEY_CREDENTIAL = { id: 'KlingAiWrongKey1', name: 'Kling AI wrong key' } as const;
const WRONG_KEY = 'wrong-key-for-the-editor-test';

let work: string;
let sandbox: Sandbox;
let n8n: N8n;
let editor: Editor;
const killOnExit = () => n8n?.kill();

beforeAll(async () => {
  const chromium = ensureChromium();
  const runtime = ensureRuntime();
  work = mkdtempSync(join(tmpdir(), 'kling-n8n-editor-'));
  const userFolder = join(work, 'user');
  n8n = new N8n({ runtime, userFolder, port: await freePort(), brokerPort: await freePort(), filesDir: join(work, 'files') });
  process.once('exit', killOnExit);
  installPackage(PROJECT, userFolder, work);
  sandbox = await startSandbox({ port: 0, timeScale: 0.02, seed: 5 });

  const data = { authentication: 'apiKey', apiKey: DEMO_API_KEY, region: 'custom', baseUrl: sandbox.url, concurrency: 5 };
  const credentials = [
    { ...CREDENTIAL, type: 'klingAiApi', data },
    { ...WRONG_KEY_CREDENTIAL, type: 'klingAiApi', data: { ...data, apiKey: WRONG_KEY } },
  ];
  const workflows = join(work, 'workflows');
  mkdirSync(workflows);
  for (const file of ['generate-and-save.json', 'receive-result-trigger.json', 'ai-agent-tool.json']) {
    const workflow = readExample(EXAMPLES, file);
    writeJson(join(workflows, `${workflow.id}.json`), workflow);
  }
  await n8n.mustRun(['import:credentials', `--input=${writeJson(join(work, 'credentials.json'), credentials)}`]);
  await n8n.mustRun(['import:workflow', '--separate', `--input=${workflows}`]);
  await n8n.start();
  editor = await Editor.open(n8n.webhookBase, chromium);
});

afterAll(async () => {
  if (editor?.blocked.length) process.stderr.write(`[n8n editor e2e] refused ${editor.blocked.length} requests beyond loopback\n`);
  await editor?.close();
  await n8n?.stop();
  process.removeListener('exit', killOnExit);
  await sandbox?.stop();
  if (work && !process.env.KEEP_N8N_E2E) rmSync(work, { recursive: true, force: true });
});

/** Opens a workflow and a node's panel (NDV) by double-clicking it on the canvas. */
async function openNode(workflowId: string, nodeName: string): Promise<void> {
  const { page } = editor;
  await page.goto(`${editor.base}/workflow/${workflowId}`);
  await page.getByTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
  await page.getByTestId('ndv').waitFor();
}

/** Searches the open nodes panel and opens the Kling AI app entry; returns its category headers. */
async function searchKling(screenshot: string): Promise<string[]> {
  const { page } = editor;
  await page.getByTestId('node-creator-search-bar').waitFor();
  await page.keyboard.type('Kling');
  const app = page.getByTestId('node-creator-item-name').filter({ hasText: /^Kling AI$/ });
  await app.first().waitFor();
  await editor.screenshot(`${screenshot}-search`);
  await app.first().click();
  const categories = page.getByTestId('node-creator-category-item');
  await categories.first().waitFor();
  await editor.screenshot(`${screenshot}-app`);
  return categories.allInnerTexts();
}

describe('the Kling AI nodes in the real n8n 2.41.1 editor', () => {
  it('searching "Kling" lists the app with its actions and triggers, in the trigger panel and in "What happens next?"', async () => {
    const { page } = editor;
    await page.goto(`${editor.base}/workflow/new`);
    await page.getByTestId('canvas-add-button').click();
    expect(await searchKling('01-trigger-panel')).toEqual(['Triggers (3)', 'Actions (6)']);
    expect(await page.getByTestId('node-creator-item-name').allInnerTexts()).toEqual([
      'On any status change',
      'On task failed',
      'On task succeeded',
    ]);

    await page.goto(`${editor.base}/workflow/${WORKFLOWS.generateAndSave}`);
    await page.getByTestId('node-creator-plus-button').click();
    const categories = await searchKling('02-next-step-panel');
    expect(categories).toEqual(expect.arrayContaining(['Actions (6)', 'Triggers (3)']));
    expect(await page.getByTestId('node-creator-item-name').allInnerTexts()).toEqual(
      expect.arrayContaining(['Generate a video', 'Wait for a video task', 'Estimate the credits of a video']),
    );
  });

  it('the plain node shows no agent-only "let the model define" buttons; its tool variant under the AI Agent does', async () => {
    await openNode(WORKFLOWS.generateAndSave, 'Generate Video');
    await editor.page.getByTestId('parameter-input-prompt').hover();
    await editor.screenshot('03-generate-panel');
    expect(await editor.page.getByTestId('parameter-input-prompt').count()).toBe(1);
    expect(await editor.page.getByTestId('from-ai-override-button').count()).toBe(0);

    await openNode(WORKFLOWS.agentTool, 'Generate Video');
    await editor.page.getByTestId('parameter-input-prompt').hover();
    await editor.screenshot('04-tool-panel');
    expect(await editor.page.getByTestId('from-ai-override-button').count()).toBeGreaterThan(0);
  });

  it('Options for Kling 3.0 Turbo text-to-video do not offer CFG Scale (or other options of other models)', async () => {
    await openNode(WORKFLOWS.generateAndSave, 'Generate Video');
    const { page } = editor;
    await page.getByTestId('collection-parameter-add').click();
    const offered = page.getByTestId('collection-parameter-option');
    await offered.first().waitFor();
    await editor.screenshot('05-generate-options');
    // Max Wait is already set in this example, so it is not offered again.
    expect(await offered.allInnerTexts()).toEqual(['Callback URL', 'External Task ID', 'Fail on Timeout', 'Watermarked Copy']);
  });

  it('the credential test passes against the sandbox, and fails with a clean message for a wrong key', async () => {
    const { page } = editor;
    await page.goto(`${editor.base}/home/credentials/${CREDENTIAL.id}`);
    await page.getByTestId('credentials-config-container-test-success').waitFor();
    await editor.screenshot('06-credential-ok');

    await page.goto(`${editor.base}/home/credentials/${WRONG_KEY_CREDENTIAL.id}`);
    const dialog = page.getByTestId('credential-edit-dialog');
    await dialog
      .getByText("Couldn't connect with these settings")
      .or(dialog.getByText('Couldn’t connect with these settings'))
      .first()
      .waitFor();
    await dialog.getByText('More details').click();
    const message = dialog.getByText(
      /^Authentication failed: the API key is not valid\. Check the API Key in this credential\. \(Kling code 1000, request id [\w-]+\)$/,
    );
    await message.waitFor();
    await editor.screenshot('07-credential-wrong-key');
    expect(await dialog.innerText()).not.toContain(WRONG_KEY);
  });

  it('the Generate output schema is served, and the next node previews its fields before any run', async () => {
    const { page } = editor;
    const requested: { url: string; status: number }[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/schemas/')) requested.push({ url: new URL(response.url()).pathname, status: response.status() });
    });
    await openNode(WORKFLOWS.generateAndSave, 'Save MP4');
    await page.getByTestId('ndv-input-panel').getByText('videoUrl', { exact: true }).waitFor();
    await editor.screenshot('08-next-node-schema-preview');
    expect(requested).toContainEqual({ url: '/schemas/n8n-nodes-kling.klingAi/1.0.0/video/generate.json', status: 200 });

    const schema = await page.request.get(`${editor.base}/schemas/n8n-nodes-kling.klingAi/1.0.0/video/generate.json`);
    expect(schema.status()).toBe(200);
    expect((await schema.json()) as unknown).toMatchObject({
      type: 'object',
      properties: { videoUrl: { type: 'string' }, done: { type: 'boolean' } },
    });
  });

  it('the trigger says what it waits for, with its whole label and a notice that points at the Production URL', async () => {
    const { page } = editor;
    await page.goto(`${editor.base}/workflow/${WORKFLOWS.receiveResult}`);
    await page.getByTestId('canvas-node').filter({ hasText: 'Kling AI Trigger' }).getByText('Task succeeded or failed').waitFor();
    await openNode(WORKFLOWS.receiveResult, 'Kling AI Trigger');
    const panel = page.getByTestId('ndv');
    await panel.getByText('Confirm Unsigned Callbacks', { exact: true }).waitFor();
    await panel.getByText(/Open "Webhook URLs" at the top of this panel, choose "Production URL"/).waitFor();
    await editor.screenshot('09-trigger-panel');
  });
});
