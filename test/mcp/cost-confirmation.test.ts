import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, ElicitRequest, ElicitResult } from '@modelcontextprotocol/client';
import type { Sandbox } from '../../sandbox/index.js';
import {
  buildServer,
  connectHttp,
  connectStdio,
  sandboxEnv,
  sandboxForTests,
  SETUP_TIMEOUT_MS,
  startHttpServer,
  structured,
  type HttpServerProcess,
  type StdioServer,
} from './helpers.js';
import { modernRequest, TASKS_CAPABILITY } from './modern-wire.js';

/** KLING_CONFIRM_ABOVE_UNITS=2: kling-3.0-turbo at 3 s (2.4 units) needs the user's word; kling-2.6 at 5 s (1.5 units) does not. */
const PRICEY = { model: 'kling-3.0-turbo', duration: 3, wait_seconds: 0, download: false };
const CHEAP = { model: 'kling-2.6', duration: 5, wait_seconds: 0, download: false };

/** A host whose user answers every cost question with the next scripted action. */
function scriptedUser() {
  const questions: ElicitRequest['params'][] = [];
  let next: ElicitResult = { action: 'accept', content: { create: true } };
  return {
    questions,
    answer: (result: ElicitResult) => (next = result),
    configure: (client: Client) =>
      client.setRequestHandler('elicitation/create', async (request) => {
        questions.push(request.params);
        return next;
      }),
  };
}

describe('cost confirmation (KLING_CONFIRM_ABOVE_UNITS)', () => {
  let sandbox: Sandbox;
  let env: Record<string, string>;

  beforeAll(async () => {
    await buildServer();
    sandbox = await sandboxForTests();
    env = sandboxEnv(sandbox, 0.05, { KLING_CONFIRM_ABOVE_UNITS: '2', KLING_LOG_LEVEL: 'info' });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await sandbox?.stop();
  });

  const created = () => sandbox.stats().creates.accepted;

  describe('a 2025-era client that supports elicitation (stdio)', () => {
    const user = scriptedUser();
    let server: StdioServer;

    beforeAll(async () => {
      server = await connectStdio(env, [], { capabilities: { elicitation: { form: {} } }, configure: user.configure });
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await server?.close();
    });

    it('asks before creating, stating the estimate, model, duration and resolution; accepting creates exactly one task', async () => {
      const before = created();
      user.answer({ action: 'accept', content: { create: true } });
      const result = await server.client.callTool({ name: 'generate_video', arguments: { ...PRICEY, prompt: 'a parade (accepted)' } });
      expect(result.isError).toBeFalsy();
      expect(structured(result)).toMatchObject({ model: 'kling-3.0-turbo', estimate: { units: 2.4 } });
      expect(user.questions).toHaveLength(1);
      const question = user.questions[0] as ElicitRequest['params'] & { message: string };
      expect(question.message).toBe(
        'Create this Kling video? Estimated 2.4 units (about $0.34): kling-3.0-turbo text-to-video, 3 s, 720p, audio always on. Nothing is created or charged if you decline.',
      );
      expect(created()).toBe(before + 1);
    });

    for (const action of ['decline', 'cancel'] as const) {
      it(`creates nothing when the user chooses ${action}`, async () => {
        const before = created();
        const asked = user.questions.length;
        user.answer({ action });
        const result = await server.client.callTool({ name: 'generate_video', arguments: { ...PRICEY, prompt: `a parade (${action})` } });
        expect(result.isError).toBe(true);
        expect(structured(result).error).toMatchObject({ kind: 'cancelled' });
        expect(structured(result).error.message).toMatch(
          new RegExp(`^The user ${action === 'decline' ? 'declined' : 'cancelled'} the video \\(estimated 2\\.4 units`),
        );
        expect(structured(result).error.hint).toMatch(/Nothing was created or charged/);
        expect(user.questions.length).toBe(asked + 1);
        expect(created()).toBe(before);
      });
    }

    it('creates nothing when the user accepts the form without ticking the box', async () => {
      const before = created();
      user.answer({ action: 'accept', content: { create: false } });
      const result = await server.client.callTool({ name: 'generate_video', arguments: { ...PRICEY, prompt: 'a parade (unticked)' } });
      expect(structured(result).error.message).toMatch(/^The user did not confirm/);
      expect(created()).toBe(before);
    });

    it('does not ask below the threshold', async () => {
      const before = created();
      const asked = user.questions.length;
      const result = await server.client.callTool({ name: 'generate_video', arguments: { ...CHEAP, prompt: 'a pebble (cheap)' } });
      expect(result.isError).toBeFalsy();
      expect(user.questions.length).toBe(asked);
      expect(created()).toBe(before + 1);
    });
  });

  describe('a client without elicitation', () => {
    let server: StdioServer;

    beforeAll(async () => {
      server = await connectStdio(env);
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await server?.close();
    });

    it('needs confirm: true, and says how to get it', async () => {
      const before = created();
      const refused = await server.client.callTool({ name: 'generate_video', arguments: { ...PRICEY, prompt: 'a parade (no form)' } });
      expect(refused.isError).toBe(true);
      expect(structured(refused).error).toMatchObject({ kind: 'budget', field: 'confirm' });
      expect(structured(refused).error.message).toMatch(/estimated at 2\.4 units .*KLING_CONFIRM_ABOVE_UNITS=2/);
      expect(structured(refused).error.hint).toMatch(
        /^Ask the user\. If they agree, call generate_video again with the same arguments and confirm: true/,
      );
      expect(created()).toBe(before);

      const confirmed = await server.client.callTool({
        name: 'generate_video',
        arguments: { ...PRICEY, prompt: 'a parade (no form)', confirm: true },
      });
      expect(confirmed.isError).toBeFalsy();
      expect(created()).toBe(before + 1);
    });
  });

  describe('a 2026-07-28 client that supports elicitation (HTTP, input_required)', () => {
    const user = scriptedUser();
    let server: HttpServerProcess;
    let client: Client;

    beforeAll(async () => {
      server = await startHttpServer(env, ['--port', '0']);
      client = await connectHttp(server.url, { era: 'modern', capabilities: { elicitation: { form: {} } }, configure: user.configure });
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await client?.close();
      await server?.close();
    });

    it('accept creates exactly one task; decline and cancel create none', async () => {
      expect(client.getProtocolEra()).toBe('modern');
      let before = created();
      user.answer({ action: 'accept', content: { create: true } });
      const accepted = await client.callTool({ name: 'generate_video', arguments: { ...PRICEY, prompt: 'a parade (modern)' } });
      expect(accepted.isError).toBeFalsy();
      expect(user.questions).toHaveLength(1);
      expect(created()).toBe(before + 1);

      for (const action of ['decline', 'cancel'] as const) {
        before = created();
        user.answer({ action });
        const result = await client.callTool({ name: 'generate_video', arguments: { ...PRICEY, prompt: `a parade (modern ${action})` } });
        expect(result.isError).toBe(true);
        expect(structured(result).error.kind).toBe('cancelled');
        expect(created()).toBe(before);
      }
      expect(user.questions).toHaveLength(3);
    });

    it('settles the question before a task is made (tasks extension): no task until the user accepts', async () => {
      const capabilities = { ...TASKS_CAPABILITY, elicitation: { form: {} } };
      const call = { name: 'generate_video', arguments: { ...PRICEY, prompt: 'a parade (task)' } };
      const before = created();
      const asked = await modernRequest(server.url, 'tools/call', call, capabilities);
      expect(asked.result).toMatchObject({
        resultType: 'input_required',
        inputRequests: { confirm_cost: { method: 'elicitation/create' } },
      });
      expect(created()).toBe(before);

      const declined = await modernRequest(
        server.url,
        'tools/call',
        { ...call, inputResponses: { confirm_cost: { action: 'decline' } } },
        capabilities,
      );
      expect(declined.result).toMatchObject({ resultType: 'complete', isError: true });
      expect(created()).toBe(before);

      const accepted = await modernRequest(
        server.url,
        'tools/call',
        { ...call, inputResponses: { confirm_cost: { action: 'accept', content: { create: true } } } },
        capabilities,
      );
      expect(accepted.result).toMatchObject({ resultType: 'task', status: 'working' });
      expect(created()).toBe(before + 1);
    });
  });
});
