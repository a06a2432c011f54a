import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { apiKeyClient, accessKeyClient, LEGACY_TEXT_TO_VIDEO, sandbox, TEXT_TO_VIDEO } from './support.js';

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox({ seed: 23 });
});
afterAll(async () => {
  await box.stop();
});

describe('scheduler', () => {
  it('finishes every job when the configured concurrency is higher than the account allows (1303)', async () => {
    box.setAccount('default', { concurrency: 2 });
    box.resetStats();
    const client = apiKeyClient(box, { concurrency: 6 });
    try {
      const runs = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          client.generate({ ...TEXT_TO_VIDEO, prompt: `over capacity ${index}` }, { timeoutMs: 60_000 }),
        ),
      );
      expect(runs.filter(({ result }) => result.done && result.task.status === 'succeeded')).toHaveLength(12);
      const stats = box.stats();
      expect(stats.requests.byCode['1303'] ?? 0).toBeGreaterThan(0);
      expect(stats.creates.accepted).toBe(12);
      expect(stats.concurrency['default/kling-3.0-turbo']?.peak).toBeLessThanOrEqual(2);
      expect(client.metrics().pools[0]?.refusals).toBeGreaterThan(0);
    } finally {
      box.setAccount('default', { concurrency: 5 });
      await client.close();
    }
  });
});

// 1,000 jobs in all (issue 15's broad run): 500 per auth mode.
describe('exactly-once creates under faults', () => {
  for (const [name, makeClient, request] of [
    ['API key, new standard', apiKeyClient, TEXT_TO_VIDEO],
    ['AK/SK, legacy standard', accessKeyClient, LEGACY_TEXT_TO_VIDEO],
  ] as const) {
    it(`${name}: 500 jobs with 10 % injected faults lose no task and create no duplicate`, async () => {
      box.resetStats();
      box.setAccount('default', { concurrency: 20 });
      box.setFaults({
        internalError: 0.02,
        maintenance: 0.01,
        internalTimeout: 0.01,
        tooManyRequests: 0.01,
        dropConnection: 0.01,
        lostCreateReply: 0.04,
      });
      const client = makeClient(box, {
        concurrency: 20,
        circuitBreaker: { failures: 50, cooldownMs: 1_000 },
        retry: { attempts: 8, baseDelayMs: 5, maxDelayMs: 50 },
      });
      try {
        const runs = await Promise.all(
          Array.from({ length: 500 }, (_, index) =>
            client.generate(
              {
                ...request,
                prompt: `${name} ${index}`,
                externalTaskId: `${name.slice(0, 6)}-faults-${index}`.replace(/[^A-Za-z0-9-]/g, ''),
              },
              { timeoutMs: 60_000 },
            ),
          ),
        );
        const stats = box.stats();
        expect(runs.filter(({ result }) => result.done && result.task.status === 'succeeded')).toHaveLength(500);
        expect(stats.creates.accepted).toBe(500);
        expect(Object.values(stats.creates.tasksByExternalId).every((count) => count === 1)).toBe(true);
        expect(Object.keys(stats.creates.tasksByExternalId)).toHaveLength(500);
        expect(stats.faults.lostCreateReply).toBeGreaterThan(0);
        expect(runs.filter(({ created }) => created.recovered).length).toBeGreaterThan(0);
      } finally {
        box.setFaults({});
        box.setAccount('default', { concurrency: 5 });
        await client.close();
      }
    });
  }
});
