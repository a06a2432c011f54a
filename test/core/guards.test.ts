import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingError } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { apiKeyClient, sandbox, TEXT_TO_VIDEO } from './support.js';

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(async () => {
  await box.stop();
});

describe('budget guard', () => {
  it('refuses a task over the per-task limit before any request', async () => {
    const client = apiKeyClient(box, { budget: { maxUnitsPerTask: 2 } });
    const before = box.stats().requests.total;
    const error = await client.create(TEXT_TO_VIDEO).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).kind).toBe('budget');
    expect((error as KlingError).message).toBe('budget: the estimate of 2.4 units exceeds the per-task limit of 2 units');
    expect(box.stats().requests.total).toBe(before);
    await client.close();
  });

  it('refuses what would exceed the rolling 24-hour limit, counting real costs', async () => {
    const client = apiKeyClient(box, { budget: { maxUnitsPerDay: 5 } });
    await client.generate(TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    await client.generate(TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    const before = box.stats().requests.total;
    await expect(client.create(TEXT_TO_VIDEO)).rejects.toThrow(
      'budget: the estimate of 2.4 units would bring the last 24 h to 7.2 units, over the daily limit of 5 units (4.8 spent or reserved)',
    );
    expect(box.stats().requests.total).toBe(before);
    // A failed task costs nothing, so it does not use the budget.
    const cheap = apiKeyClient(box, { budget: { maxUnitsPerDay: 3 } });
    await cheap.generate({ ...TEXT_TO_VIDEO, prompt: 'x [sandbox:fail]' }, { timeoutMs: 20_000 });
    await expect(cheap.create(TEXT_TO_VIDEO)).resolves.toMatchObject({ model: 'kling-3.0-turbo' });
    await client.close();
    await cheap.close();
  });
});

describe('circuit breaker', () => {
  it('fails fast with "unavailable" after repeated server errors instead of hammering Kling', async () => {
    const client = apiKeyClient(box, { circuitBreaker: { failures: 3, cooldownMs: 60_000 } });
    const { created } = await client.generate(TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    box.setFaults({ internalError: 1, scope: 'reads' });
    try {
      const first = await client.getTask(created.handle).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(KlingError);
      const sent = box.stats().requests.total;
      const second = await client.getTask(created.handle).catch((e: unknown) => e);
      expect((second as KlingError).kind).toBe('unavailable');
      expect((second as KlingError).message).toMatch(
        /^Kling appears unavailable after 3 failures in a row; not sending requests for \d+ s$/,
      );
      expect(box.stats().requests.total).toBe(sent);
    } finally {
      box.setFaults({});
      await client.close();
    }
  });
});

describe('fallback models', () => {
  it('tries the next model when the account may not use the requested one, and says which model ran', async () => {
    box.setAccount('default', { deniedModels: ['kling-3.0'] });
    const client = apiKeyClient(box, { fallbackModels: ['kling-3.0-turbo', 'kling-2.6'] });
    try {
      const { created, result } = await client.generate(
        { model: 'kling-3.0', prompt: 'a fox in the snow', duration: 5 },
        { timeoutMs: 20_000 },
      );
      expect(created.model).toBe('kling-3.0-turbo');
      expect(created.fallbackFrom).toBe('kling-3.0');
      expect(result.done && result.task.status).toBe('succeeded');
      expect(box.stats().requests.byCode['1103']).toBe(1);
    } finally {
      box.setAccount('default', { deniedModels: [] });
      await client.close();
    }
  });

  it("fails with Kling's 1103 when fallbacks are off", async () => {
    box.setAccount('default', { deniedModels: ['kling-3.0'] });
    const client = apiKeyClient(box);
    try {
      const error = await client.create({ model: 'kling-3.0', prompt: 'a fox in the snow' }).catch((e: unknown) => e);
      expect((error as KlingError).code).toBe(1103);
      expect((error as KlingError).kind).toBe('permission');
    } finally {
      box.setAccount('default', { deniedModels: [] });
      await client.close();
    }
  });
});
