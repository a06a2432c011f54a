import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import { FAILURE_MARKER, type Sandbox } from '../../sandbox/index.js';
import { png } from '../unit/images.js';
import { credentialsFor, isMp4, sandbox } from './support/fixtures.js';
import { runNode } from './support/n8n-context.js';

const node = new KlingAi();
const generate = { resource: 'video', operation: 'generate' };

describe('Video → Generate', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox();
  });
  afterAll(() => box.stop());

  it('makes a text-to-video, waits for it and returns the MP4 as binary data', async () => {
    const [items] = await runNode(node, {
      parameters: { ...generate, model: 'kling-3.0-turbo', product: 'text-to-video', prompt: 'a paper boat on a river', duration: 3 },
      credentials: credentialsFor(box),
    });
    expect(items).toHaveLength(1);
    const item = items![0]!;
    expect(item.pairedItem).toEqual({ item: 0 });
    expect(item.json).toMatchObject({
      status: 'succeeded',
      done: true,
      model: 'kling-3.0-turbo',
      estimatedUnits: 2.4,
      costUnits: 2.4,
      handle: expect.stringMatching(/^kt1\./),
      videoUrl: expect.stringContaining(box.url),
    });
    const binary = item.binary?.data;
    expect(binary).toMatchObject({ mimeType: 'video/mp4', fileName: `kling-${String(item.json.taskId)}.mp4` });
    expect(isMp4(binary!.data)).toBe(true);
    const [task] = box.tasks().filter((summary) => summary.id === item.json.taskId);
    expect(task).toBeDefined();
  });

  it('takes the first frame from a binary property of the input item', async () => {
    const image = png(640, 360);
    const [items] = await runNode(node, {
      parameters: {
        ...generate,
        model: 'kling-2.6',
        product: 'image-to-video',
        firstFrameSource: 'binary',
        firstFrameBinaryProperty: 'photo',
        prompt: 'the picture comes alive',
        downloadVideo: true,
        binaryPropertyName: 'video',
      },
      items: [{ json: {}, binary: { photo: { data: image.toString('base64'), mimeType: 'image/png', fileName: 'photo.png' } } }],
      credentials: credentialsFor(box),
    });
    const item = items![0]!;
    expect(item.json).toMatchObject({ status: 'succeeded', model: 'kling-2.6' });
    expect(isMp4(item.binary!.video!.data)).toBe(true);
  });

  it('takes first and last frames from URLs', async () => {
    const [items] = await runNode(node, {
      parameters: {
        ...generate,
        model: 'kling-3.0',
        product: 'image-to-video',
        firstFrameSource: 'url',
        firstFrameUrl: 'https://example.com/first.png',
        lastFrameSource: 'url',
        lastFrameUrl: 'https://example.com/last.png',
        duration: 3,
        downloadVideo: false,
      },
      credentials: credentialsFor(box),
    });
    expect(items![0]!.json).toMatchObject({ status: 'succeeded', model: 'kling-3.0', product: 'image-to-video' });
  });

  it('without waiting returns the handle at once, and no binary data', async () => {
    const [items] = await runNode(node, {
      parameters: {
        ...generate,
        model: 'kling-3.0-turbo',
        prompt: 'a kite',
        waitForCompletion: false,
        options: { externalTaskId: 'n8n-no-wait-1' },
      },
      credentials: credentialsFor(box),
    });
    const item = items![0]!;
    expect(item.json).toMatchObject({ done: false, externalTaskId: 'n8n-no-wait-1', handle: expect.stringMatching(/^kt1\./) });
    expect(['queued', 'running']).toContain(item.json.status);
    expect(item.binary).toBeUndefined();
  });

  it('runs several items at once and pairs each output with its input', async () => {
    const prompts = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'];
    const [items] = await runNode(node, {
      parameters: { ...generate, model: 'kling-3.0-turbo', prompt: 'x', duration: 3, downloadVideo: false },
      itemParameters: prompts.map((prompt) => ({ prompt: `a ${prompt}` })),
      items: prompts.map((prompt) => ({ json: { prompt } })),
      credentials: credentialsFor(box, { concurrency: 2 }),
    });
    expect(items!.map((item) => item.pairedItem)).toEqual(prompts.map((_p, item) => ({ item })));
    expect(items!.every((item) => item.json.status === 'succeeded')).toBe(true);
    expect(new Set(items!.map((item) => item.json.taskId)).size).toBe(prompts.length);
  });

  it('refuses an invalid request before sending it, naming the field', async () => {
    const before = box.tasks().length;
    const run = runNode(node, {
      parameters: { ...generate, model: 'kling-3.0-turbo', prompt: 'too long', duration: 20 },
      credentials: credentialsFor(box),
    });
    await expect(run).rejects.toBeInstanceOf(NodeOperationError);
    await expect(run).rejects.toThrow(/^Duration \(Seconds\): 20 is not allowed/);
    await expect(run).rejects.toMatchObject({ context: { field: 'duration', kind: 'invalid' } });
    expect(box.tasks().length).toBe(before);
  });

  it('with continueOnFail turns a failed task into an error item carrying the handle, and keeps the other items', async () => {
    const [items] = await runNode(node, {
      parameters: { ...generate, model: 'kling-3.0-turbo', prompt: 'x', duration: 3, downloadVideo: false },
      itemParameters: [{ prompt: 'a good one' }, { prompt: `a bad one ${FAILURE_MARKER}` }],
      items: [{ json: {} }, { json: {} }],
      credentials: credentialsFor(box),
      continueOnFail: true,
    });
    expect(items).toHaveLength(2);
    expect(items![0]).toMatchObject({ json: { status: 'succeeded' }, pairedItem: { item: 0 } });
    // Only error and details: n8n 2.x sends such an item to the error output and keeps its JSON.
    expect(Object.keys(items![1]!.json)).toEqual(['error', 'details']);
    expect(items![1]).toMatchObject({
      json: {
        error: expect.stringContaining('could not make the video'),
        details: {
          kind: 'task_failed',
          taskMayExist: false,
          status: 'failed',
          handle: expect.stringMatching(/^kt1\./),
          taskId: expect.any(String),
        },
      },
      pairedItem: { item: 1 },
    });
  });

  it('without continueOnFail throws the failure of the item', async () => {
    const run = runNode(node, {
      parameters: { ...generate, model: 'kling-3.0-turbo', prompt: `x ${FAILURE_MARKER}`, duration: 3 },
      credentials: credentialsFor(box),
    });
    await expect(run).rejects.toBeInstanceOf(NodeOperationError);
    await expect(run).rejects.toMatchObject({ context: { itemIndex: 0, status: 'failed' } });
  });

  it("turns Kling's refusals into NodeApiError with Kling's code and hint", async () => {
    const run = runNode(node, {
      parameters: { ...generate, model: 'kling-3.0-turbo', prompt: 'x' },
      credentials: credentialsFor(box, { apiKey: 'not-a-key' }),
    });
    await expect(run).rejects.toBeInstanceOf(NodeApiError);
    const error = (await run.catch((e: unknown) => e)) as NodeApiError;
    expect(error.context).toMatchObject({ klingCode: expect.any(Number), kind: 'auth', requestId: expect.any(String) });
    expect(error.description).toMatch(/API key/);
    expect(`${error.message} ${error.description}`).not.toContain('not-a-key');
  });
});
