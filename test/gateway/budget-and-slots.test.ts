import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { eventually, gateway, kling, newStandardBody, token, upstream, type TestGateway } from './helpers.js';

describe('gateway: budgets and shared slots', () => {
  let box: Sandbox | undefined;
  let gw: TestGateway | undefined;

  afterEach(async () => {
    await gw?.close();
    await box?.stop();
  });

  it("holds each token to its own budget exactly, even when its creates arrive together, and refuses the rest with Kling's 1102", async () => {
    box = await upstream();
    const small = token('small', { budget: { units: 10, per: 'day' } });
    const other = token('other', { budget: { units: 5, per: 'month' } });
    gw = await gateway(box, [small, other]);
    const running = gw;
    // 2.4 units each: 4 fit in 10 units, the other 4 do not.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        kling(running.url, small.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody(`budget-${index}`)),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(4);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(4);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(answer.body.code).toBe(1102);
      expect(answer.body.message).toMatch(/over the daily budget of token 'small' of 10 units/);
    }
    expect(box.stats().creates.accepted).toBe(4);
    // Another token's budget is its own: 2 × 2.4 fit in 5 units, the third does not.
    const others = [];
    for (let index = 0; index < 3; index += 1)
      others.push(await kling(running.url, other.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody(`other-${index}`)));
    expect(others.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(others[2]?.body.message).toMatch(/monthly budget of token 'other' of 5 units/);
    const metrics = await eventually(
      () => kling(running.url, undefined, 'GET', '/metrics'),
      (answer) => answer.text.includes('kling_gateway_token_units_spent_total{token="small"} 9.6'),
      'the units of the finished tasks are counted',
    );
    expect(metrics.text).toContain('kling_gateway_budget_refusals_total{token="small"} 4');
    expect(metrics.text).toContain('kling_gateway_budget_refusals_total{token="other"} 1');
  });

  it('lets a create wait a bounded time for a shared slot, then answers 1303 without ever sending Kling one over its limit', async () => {
    // Tasks that take about 1.5 s, on an account that runs one at a time.
    box = await upstream({ timeScale: 0.05, concurrency: 1 });
    const team = token('team');
    gw = await gateway(box, [team], { slotWaitSeconds: 0.2 }, { upstream: { concurrency: 1, pollScale: 0.05 } });
    const running = gw;
    const first = await kling(running.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('slot-1'));
    expect(first.status).toBe(200);
    const second = await kling(running.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('slot-2'));
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ code: 1303 });
    expect(second.body.message).toMatch(/no concurrency slot became free within 200 ms.*Nothing was created/);
    expect(second.body).not.toHaveProperty('data');
    // Nothing was created, so the external id is free again: once the first task ends, the same create goes through.
    await eventually(
      () => kling(running.url, team.secret, 'GET', `/tasks?task_ids=${first.body.data.id}`),
      (answer) => answer.body.data?.[0]?.status === 'succeeded',
      'the first task ends',
    );
    const retried = await eventually(
      () => kling(running.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('slot-2')),
      (answer) => answer.status === 200,
      'the retried create goes through',
    );
    expect(retried.body.data.external_id).toBe('slot-2');
    const stats = box.stats();
    const pool = Object.values(stats.concurrency)[0];
    expect(pool).toMatchObject({ limit: 1, peak: 1, refused: 0 });
    const metrics = await kling(running.url, undefined, 'GET', '/metrics');
    expect(metrics.text).toMatch(/kling_gateway_concurrency_refusals_total\{token="team"\} [1-9]/);
  });
});
