import { NodeOperationError, type NodeExecutionHint } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import { FAILURE_MARKER, type Sandbox } from '../../sandbox/index.js';
import { credentialsFor, isMp4, sandbox } from './support/fixtures.js';
import { runNode } from './support/n8n-context.js';

const node = new KlingAi();

/** Tasks on a manual clock stay queued until the test advances it. */
describe('waits that end first, Wait for Task and Get Task', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox({ manualClock: true });
  });
  afterAll(() => box.stop());

  async function startedTask(prompt: string): Promise<{ handle: string; taskId: string }> {
    const [items] = await runNode(node, {
      parameters: { resource: 'video', operation: 'generate', model: 'kling-3.0-turbo', prompt, waitForCompletion: false },
      credentials: credentialsFor(box),
    });
    return { handle: String(items![0]!.json.handle), taskId: String(items![0]!.json.taskId) };
  }

  it('returns the handle and status as output when Max Wait is up, with a warning under the output, and Wait for Task continues from it', async () => {
    const hints: NodeExecutionHint[] = [];
    const messages: unknown[] = [];
    const [first] = await runNode(node, {
      parameters: {
        resource: 'video',
        operation: 'generate',
        model: 'kling-3.0-turbo',
        prompt: 'slow boat',
        options: { maxWaitSeconds: 1 },
      },
      credentials: credentialsFor(box),
      hints,
      messages,
    });
    const timedOut = first![0]!;
    expect(timedOut.json).toMatchObject({ done: false, status: 'queued', waitEndedBy: 'timeout', handle: expect.stringMatching(/^kt1\./) });
    expect(hints).toEqual([
      {
        type: 'warning',
        location: 'outputPane',
        message: expect.stringMatching(/^The task did not finish within Max Wait: those items have done = false and no video\./),
      },
    ]);
    // The wait's progress, as n8n shows it in the browser console of a manual run.
    expect(messages[0]).toMatch(/^Kling AI, item 1: queued, \d+ s so far \(typically about /);
    expect(timedOut.json.pollAfterSeconds).toEqual(expect.any(Number));
    expect(timedOut.binary).toBeUndefined();

    box.advanceClock(10 * 60_000);
    const [second] = await runNode(node, {
      parameters: { resource: 'video', operation: 'waitForTask', taskRef: String(timedOut.json.handle), maxWaitSeconds: 30 },
      credentials: credentialsFor(box),
    });
    expect(second![0]!.json).toMatchObject({ status: 'succeeded', taskId: timedOut.json.taskId });
    expect(isMp4(second![0]!.binary!.data!.data)).toBe(true);
  });

  it('fails on timeout when asked to, naming the handle', async () => {
    const { handle } = await startedTask('fail on timeout');
    const run = runNode(node, {
      parameters: { resource: 'video', operation: 'waitForTask', taskRef: handle, maxWaitSeconds: 1, failOnTimeout: true },
      credentials: credentialsFor(box),
    });
    await expect(run).rejects.toBeInstanceOf(NodeOperationError);
    await expect(run).rejects.toMatchObject({
      message: 'The task did not finish within Max Wait (1 s) (status: queued)',
      context: { handle, kind: 'timeout', taskMayExist: true },
      description: expect.stringContaining(handle),
    });
  });

  it("stops waiting when the execution is cancelled, through the execution's cancel signal", async () => {
    const { handle } = await startedTask('cancelled wait');
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 100);
    const [items] = await runNode(node, {
      parameters: { resource: 'video', operation: 'waitForTask', taskRef: handle, maxWaitSeconds: 3600 },
      credentials: credentialsFor(box),
      cancelSignal: cancel.signal,
    });
    expect(items![0]!.json).toMatchObject({ waitEndedBy: 'cancelled', handle, done: false });
  });

  it('Get Task reads a task once, by handle or by raw id, and downloads a finished video', async () => {
    const { handle, taskId } = await startedTask('read me');
    const [running] = await runNode(node, {
      parameters: { resource: 'video', operation: 'getTask', taskRef: taskId },
      credentials: credentialsFor(box),
    });
    expect(running![0]!.json).toMatchObject({ taskId, status: 'queued', done: false });
    expect(running![0]!.json).not.toHaveProperty('waitEndedBy');

    box.advanceClock(10 * 60_000);
    const [finished] = await runNode(node, {
      parameters: { resource: 'video', operation: 'getTask', taskRef: handle, binaryPropertyName: 'clip' },
      credentials: credentialsFor(box),
    });
    expect(finished![0]!.json).toMatchObject({ taskId, status: 'succeeded', done: true, videoUrl: expect.any(String) });
    expect(isMp4(finished![0]!.binary!.clip!.data)).toBe(true);
  });

  it('Get Task reports a failed task as data, to branch on', async () => {
    const [created] = await runNode(node, {
      parameters: {
        resource: 'video',
        operation: 'generate',
        model: 'kling-3.0-turbo',
        prompt: `no ${FAILURE_MARKER}`,
        waitForCompletion: false,
      },
      credentials: credentialsFor(box),
    });
    box.advanceClock(10 * 60_000);
    const [items] = await runNode(node, {
      parameters: { resource: 'video', operation: 'getTask', taskRef: String(created![0]!.json.handle) },
      credentials: credentialsFor(box),
    });
    expect(items![0]!.json).toMatchObject({ status: 'failed', done: true, failureMessage: expect.any(String) });
    expect(items![0]!.binary).toBeUndefined();
  });

  it('Get Task of an unknown id is an error, or an error item with continueOnFail', async () => {
    const [items] = await runNode(node, {
      parameters: { resource: 'video', operation: 'getTask', taskRef: '123456789012345678' },
      credentials: credentialsFor(box),
      continueOnFail: true,
    });
    expect(items![0]).toMatchObject({ json: { error: expect.stringContaining('no task found') }, pairedItem: { item: 0 } });
  });
});
