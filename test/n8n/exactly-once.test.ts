import { NodeOperationError } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import type { Sandbox } from '../../sandbox/index.js';
import { credentialsFor, sandbox } from './support/fixtures.js';
import { runNode, type RunOptions } from './support/n8n-context.js';

const node = new KlingAi();
const generate = { resource: 'video', operation: 'generate', model: 'kling-3.0-turbo', duration: 3, downloadVideo: false };

/**
 * n8n re-runs a node in the same execution (Retry On Fail, a queue-mode job picked up again): the
 * external task id Generate derives from the execution, node, run and item makes the second try
 * find the task of the first instead of paying for another one.
 */
describe('Generate exactly once across retries of the node', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox();
  });
  afterAll(() => box.stop());

  const twoItems = (extra: Partial<RunOptions> = {}): RunOptions => ({
    parameters: { ...generate, prompt: 'x' },
    itemParameters: [{ prompt: 'a red kite' }, { prompt: 'a blue kite' }],
    items: [{ json: {} }, { json: {} }],
    credentials: credentialsFor(box),
    ...extra,
  });

  it('derives a distinct id per item; a retry in the same execution recovers both tasks, a new execution makes new ones', async () => {
    const [first] = await runNode(node, twoItems({ executionId: 'exec-41' }));
    const ids = first!.map((item) => String(item.json.externalTaskId));
    expect(ids).toEqual([expect.stringMatching(/^n8n-[0-9a-f]{32}$/), expect.stringMatching(/^n8n-[0-9a-f]{32}$/)]);
    expect(new Set(ids).size).toBe(2);

    const [retried] = await runNode(node, twoItems({ executionId: 'exec-41' }));
    expect(retried!.map((item) => item.json.externalTaskId)).toEqual(ids);
    expect(retried!.map((item) => item.json.taskId)).toEqual(first!.map((item) => item.json.taskId));
    expect(retried!.every((item) => item.json.existing === true && item.json.status === 'succeeded')).toBe(true);
    expect(box.tasks().filter((task) => ids.includes(task.externalTaskId ?? ''))).toHaveLength(2);

    const [next] = await runNode(node, twoItems({ executionId: 'exec-42' }));
    expect(next!.map((item) => item.json.externalTaskId).some((id) => ids.includes(String(id)))).toBe(false);
  });

  it('recovers a task whose create reply was lost, and never creates a second one', async () => {
    box.setFaults({ lostCreateReply: 1, scope: 'creates' });
    try {
      const before = box.tasks().length;
      const [items] = await runNode(node, twoItems({ executionId: 'exec-lost-replies' }));
      expect(items!.map((item) => item.json.status)).toEqual(['succeeded', 'succeeded']);
      expect(box.tasks().length - before).toBe(2);
      // n8n's Retry On Fail runs the node again in the same execution: still two tasks.
      const [again] = await runNode(node, twoItems({ executionId: 'exec-lost-replies' }));
      expect(again!.map((item) => item.json.taskId)).toEqual(items!.map((item) => item.json.taskId));
      expect(box.tasks().length - before).toBe(2);
    } finally {
      box.setFaults({});
    }
  });

  it("a second run with the user's own External Task ID gives back the same task, nothing new is created", async () => {
    const options = {
      parameters: { ...generate, prompt: 'mine', options: { externalTaskId: 'order-2024-17' } },
      credentials: credentialsFor(box),
    };
    const [first] = await runNode(node, options);
    const before = box.tasks().length;
    const [second] = await runNode(node, options);
    expect(second![0]!.json).toMatchObject({ taskId: first![0]!.json.taskId, externalTaskId: 'order-2024-17', existing: true });
    expect(box.tasks().length).toBe(before);
  });

  it('checks every item first: an invalid second item stops the node before anything is sent', async () => {
    const before = box.tasks().length;
    const run = runNode(node, {
      parameters: { ...generate, prompt: 'x' },
      itemParameters: [{ prompt: 'fine' }, { prompt: 'too long', duration: 60 }],
      items: [{ json: {} }, { json: {} }],
      credentials: credentialsFor(box),
    });
    await expect(run).rejects.toBeInstanceOf(NodeOperationError);
    await expect(run).rejects.toMatchObject({
      message: expect.stringMatching(/^Duration \(Seconds\): 60 is not allowed/),
      context: { itemIndex: 1 },
    });
    expect(box.tasks().length).toBe(before);
  });

  it('with a Continue error setting, the valid item still makes its video and the invalid one becomes an error item; one create', async () => {
    const before = box.tasks().length;
    const [items] = await runNode(node, {
      parameters: { ...generate, prompt: 'x' },
      itemParameters: [{ prompt: 'fine' }, { prompt: 'too long', duration: 60 }],
      items: [{ json: {} }, { json: {} }],
      credentials: credentialsFor(box),
      continueOnFail: true,
    });
    expect(items![0]!.json).toMatchObject({ status: 'succeeded' });
    expect(items![1]).toEqual({
      json: {
        error: expect.stringMatching(/^Duration \(Seconds\): 60 is not allowed/),
        details: {
          kind: 'invalid',
          field: 'duration',
          taskMayExist: false,
          description: 'Nothing was sent to Kling and nothing was charged.',
        },
      },
      pairedItem: { item: 1 },
    });
    expect(box.tasks().length - before).toBe(1);
  });
});
