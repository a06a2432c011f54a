import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { buildServer, connectStdio, sandboxEnv, sandboxForTests, SETUP_TIMEOUT_MS, structured, type StdioServer } from './helpers.js';

interface Case {
  tool: 'generate_video' | 'estimate_credits' | 'get_task';
  args: Record<string, unknown>;
  /** The argument the refusal must name. */
  field: string;
}

const T2V = { model: 'kling-3.0-turbo', prompt: 'a paper boat' };
const LONG = 'x'.repeat(10_000);
const BASE64_TINY = Buffer.from('not a picture at all').toString('base64');

/** Arguments that break the schema, the catalog's rules or the tools' own checks: each must cost nothing. */
const GENERATE_AND_ESTIMATE: Omit<Case, 'tool'>[] = [
  { args: { ...T2V, callback_url: 'https://evil.example/hook' }, field: 'callback_url' },
  { args: { ...T2V, unknownField: 1 }, field: 'unknownField' },
  { args: { ...T2V, Prompt: 'caps' }, field: 'Prompt' },
  { args: { ...T2V, modelName: 'kling-2.6' }, field: 'modelName' },
  { args: { ...T2V, externalTaskId: 'camel' }, field: 'externalTaskId' },
  { args: { ...T2V, reference_video: { url: 'https://x.example/v.mp4', refer: 'base', extra: true } }, field: 'reference_video.extra' },
  { args: { ...T2V, shots: [{ prompt: 'a', duration: 3, camera: 'pan' }] }, field: 'shots.0.camera' },
  { args: { model: 'kling-9', prompt: 'x' }, field: 'model' },
  { args: { model: '', prompt: 'x' }, field: 'model' },
  { args: { model: 42, prompt: 'x' }, field: 'model' },
  { args: { model: ['kling-2.6'], prompt: 'x' }, field: 'model' },
  { args: { ...T2V, product: 'image-generation' }, field: 'product' },
  { args: { ...T2V, prompt: LONG }, field: 'prompt' },
  { args: { ...T2V, prompt: 12 }, field: 'prompt' },
  { args: { ...T2V, prompt: null }, field: 'prompt' },
  { args: { model: 'kling-3.0-turbo' }, field: 'prompt' },
  { args: { ...T2V, negative_prompt: 7 }, field: 'negative_prompt' },
  { args: { ...T2V, duration: 2 }, field: 'duration' },
  { args: { ...T2V, duration: 16 }, field: 'duration' },
  { args: { ...T2V, duration: 5.5 }, field: 'duration' },
  { args: { ...T2V, duration: '5' }, field: 'duration' },
  { args: { ...T2V, duration: -5 }, field: 'duration' },
  { args: { model: 'kling-2.6', prompt: 'x', duration: 12 }, field: 'duration' },
  { args: { model: 'kling-2.6', prompt: 'x', duration: 7 }, field: 'duration' },
  { args: { ...T2V, resolution: '8k' }, field: 'resolution' },
  { args: { ...T2V, resolution: '4k' }, field: 'resolution' },
  { args: { model: 'kling-v2-1-master', prompt: 'x', resolution: '720p' }, field: 'resolution' },
  { args: { ...T2V, aspect_ratio: '4:3' }, field: 'aspect_ratio' },
  { args: { ...T2V, audio: 'loud' }, field: 'audio' },
  { args: { model: 'kling-2.5-turbo', prompt: 'x', audio: 'native' }, field: 'audio' },
  { args: { model: 'kling-2.6', prompt: 'x', audio: 'native', resolution: '720p' }, field: 'audio' },
  { args: { ...T2V, cfg_scale: 2 }, field: 'cfg_scale' },
  { args: { ...T2V, cfg_scale: -0.1 }, field: 'cfg_scale' },
  { args: { ...T2V, watermark: 'yes' }, field: 'watermark' },
  { args: { ...T2V, multi_shot: 'true' }, field: 'multi_shot' },
  { args: { ...T2V, external_task_id: 'y'.repeat(129) }, field: 'external_task_id' },
  { args: { ...T2V, first_frame: 'not an image' }, field: 'first_frame' },
  { args: { ...T2V, first_frame: BASE64_TINY }, field: 'first_frame' },
  { args: { ...T2V, first_frame: '/etc/passwd' }, field: 'first_frame' },
  { args: { ...T2V, first_frame: 'ftp://example.com/a.png' }, field: 'first_frame' },
  { args: { ...T2V, first_frame: 3 }, field: 'first_frame' },
  { args: { ...T2V, last_frame: 'https://example.com/last.png' }, field: 'last_frame' },
  { args: { model: 'kling-3.0-omni', prompt: '@image_1', reference_images: 'https://x.example/a.png' }, field: 'reference_images' },
  { args: { model: 'kling-3.0-omni', prompt: 'x', reference_images: Array(8).fill('https://x.example/a.png') }, field: 'reference_images' },
  {
    args: { model: 'kling-3.0-omni', prompt: 'x', reference_video: { url: 'https://x.example/v.mp4', refer: 'style' } },
    field: 'reference_video.refer',
  },
  { args: { model: 'kling-3.0-omni', prompt: 'x', reference_video: 'https://x.example/v.mp4' }, field: 'reference_video' },
  { args: { model: 'kling-3.0-omni', prompt: 'x', elements: [{ alias: 'cat' }] }, field: 'elements.0.id' },
  { args: { model: 'kling-3.0-omni', prompt: 'x', elements: Array(8).fill({ id: 'e1' }) }, field: 'elements' },
  { args: { ...T2V, voices: ['v1', 'v2', 'v3'] }, field: 'voices' },
  { args: { ...T2V, images: ['a', 'b', 'c', 'd', 'e'] }, field: 'images' },
  { args: { ...T2V, character_orientation: 'sideways' }, field: 'character_orientation' },
  { args: { ...T2V, motion_video_seconds: 0 }, field: 'motion_video_seconds' },
  { args: { ...T2V, motion_video_seconds: 'ten' }, field: 'motion_video_seconds' },
  { args: { ...T2V, video_id: 5 }, field: 'video_id' },
  { args: { ...T2V, shots: [{ prompt: 'a' }] }, field: 'shots.0.duration' },
  { args: { ...T2V, shots: [{ prompt: 'a', duration: 0 }] }, field: 'shots.0.duration' },
  { args: { ...T2V, shots: Array(7).fill({ prompt: 'a', duration: 1 }) }, field: 'shots' },
];

const GENERATE_ONLY: Omit<Case, 'tool'>[] = [
  { args: { ...T2V, wait_seconds: 46 }, field: 'wait_seconds' },
  { args: { ...T2V, wait_seconds: -1 }, field: 'wait_seconds' },
  { args: { ...T2V, wait_seconds: 1.5 }, field: 'wait_seconds' },
  { args: { ...T2V, download: 'no' }, field: 'download' },
  { args: { ...T2V, confirm: 'yes' }, field: 'confirm' },
];

const GET_TASK: Omit<Case, 'tool'>[] = [
  { args: {}, field: 'task' },
  { args: { task: '' }, field: 'task' },
  { args: { task: 123456789 }, field: 'task' },
  { args: { task: 'not a handle!' }, field: 'task' },
  { args: { task: 'kt9.n.t2v.123' }, field: 'task' },
  { args: { task: 'kt1.x.t2v.123' }, field: 'task' },
  { args: { task: 'kt1.n.zzz.123' }, field: 'task' },
  { args: { task: '../../etc/passwd' }, field: 'task' },
  { args: { task: 'a'.repeat(65) }, field: 'task' },
  { args: { task: 'kt1.n.t2v.1', wait_seconds: 46 }, field: 'wait_seconds' },
  { args: { task: 'kt1.n.t2v.1', wait_seconds: 'soon' }, field: 'wait_seconds' },
  { args: { task: 'kt1.n.t2v.1', download: 1 }, field: 'download' },
  { args: { task: 'kt1.n.t2v.1', handle: 'kt1.n.t2v.1' }, field: 'handle' },
  { args: { task: 'kt1.n.t2v.1', prompt: 'x' }, field: 'prompt' },
  { args: { task: ['kt1.n.t2v.1'] }, field: 'task' },
];

const CASES: Case[] = [
  ...GENERATE_AND_ESTIMATE.map((entry) => ({ ...entry, tool: 'generate_video' as const })),
  ...GENERATE_AND_ESTIMATE.map((entry) => ({ ...entry, tool: 'estimate_credits' as const })),
  ...GENERATE_ONLY.map((entry) => ({ ...entry, tool: 'generate_video' as const })),
  ...GET_TASK.map((entry) => ({ ...entry, tool: 'get_task' as const })),
];

describe('invalid MCP tool inputs (issue 13 strict inputs, issue 15 "none reaches the sandbox")', () => {
  let sandbox: Sandbox;
  let server: StdioServer;

  beforeAll(async () => {
    await buildServer();
    sandbox = await sandboxForTests();
    server = await connectStdio(sandboxEnv(sandbox));
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await sandbox?.stop();
  });

  it(`refuses ${CASES.length} distinct invalid inputs with an isError result naming the field, and none reaches the sandbox`, async () => {
    expect(new Set(CASES.map((entry) => JSON.stringify(entry))).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    const before = sandbox.stats();
    for (const entry of CASES) {
      const label = `${entry.tool} ${JSON.stringify(entry.args).slice(0, 120)}`;
      const result = await server.client.callTool({ name: entry.tool, arguments: entry.args });
      expect.soft(result.isError, label).toBe(true);
      const error = structured(result)?.error;
      expect.soft(error, label).toMatchObject({ kind: 'invalid', field: entry.field, retryable: false });
      expect.soft(error?.hint, label).toMatch(/nothing was (sent|charged)|Nothing was sent/i);
      const text = (result.content as { type: string; text: string }[])[0]?.text ?? '';
      expect.soft(text, label).toContain(error?.message);
      expect.soft(text, label).toContain('What to do:');
    }
    const after = sandbox.stats();
    expect(after.requests.total).toBe(before.requests.total);
    expect(after.creates.accepted).toBe(before.creates.accepted);
  });

  it('lists the allowed arguments when refusing unknown keys (callback_url and unknownField are no longer dropped)', async () => {
    const result = await server.client.callTool({
      name: 'generate_video',
      arguments: { ...T2V, callback_url: 'https://evil.example/hook', unknownField: 1 },
    });
    expect(result.isError).toBe(true);
    const error = structured(result).error;
    expect(error.message).toMatch(
      /^generate_video has no arguments callback_url, unknownField; its arguments are model, product, prompt, .*external_task_id, wait_seconds, download, confirm$/,
    );
    expect(error.hint).toMatch(/^Remove callback_url, unknownField and use only model, product, prompt/);
    expect(sandbox.tasks()).toHaveLength(0);
  });

  it('refuses a 10,000-character prompt with the same hint and structuredContent as any other error', async () => {
    const result = await server.client.callTool({ name: 'generate_video', arguments: { ...T2V, prompt: LONG } });
    expect(result.isError).toBe(true);
    expect(structured(result).error).toMatchObject({
      kind: 'invalid',
      field: 'prompt',
      message: 'prompt: too long: at most 3072 characters (got 10000)',
      hint: 'Fix prompt and call again. Nothing was sent to Kling and nothing was charged.',
    });
    expect(JSON.stringify(result)).not.toContain(LONG);
  });
});
