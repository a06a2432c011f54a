import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KlingAiApiCredentials } from '../../credentials/KlingAiApi.credentials.js';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type Sandbox } from '../../sandbox/index.js';
import { credentialsFor, sandbox } from './support/fixtures.js';
import { legacyRequest, runNode } from './support/n8n-context.js';

const node = new KlingAi();

describe('Account → Get Packs', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox({ units: 500 });
  });
  afterAll(() => box.stop());

  it("lists the sandbox account's pack and its remaining units, with an access key + secret key too", async () => {
    for (const credentials of [
      credentialsFor(box),
      credentialsFor(box, { authentication: 'accessKey', accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY }),
    ]) {
      const [items] = await runNode(node, { parameters: { resource: 'account', operation: 'getPacks' }, credentials });
      expect(items).toHaveLength(1);
      expect(items![0]!.json.packs).toEqual([expect.objectContaining({ totalUnits: 500, remainingUnits: 500, status: 'online' })]);
      expect(items![0]!.pairedItem).toEqual({ item: 0 });
    }
  });
});

describe('Custom API Call', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox();
  });
  afterAll(() => box.stop());

  it("sends any endpoint with the credential and returns the envelope's data", async () => {
    const [created] = await runNode(node, {
      parameters: {
        resource: 'customApiCall',
        operation: 'send',
        method: 'POST',
        path: '/v1/videos/text2video',
        body: JSON.stringify({ model_name: 'kling-v2-6', prompt: 'through the pass-through', duration: '5' }),
      },
      credentials: credentialsFor(box, { authentication: 'accessKey', accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY }),
    });
    expect(created![0]!.json).toMatchObject({ task_id: expect.stringMatching(/^\d{18,19}$/), task_status: 'submitted' });

    const [read] = await runNode(node, {
      parameters: {
        resource: 'customApiCall',
        operation: 'send',
        method: 'GET',
        path: '/tasks',
        query: JSON.stringify({ task_ids: created![0]!.json.task_id }),
      },
      credentials: credentialsFor(box),
    });
    expect(read![0]!.json.data).toEqual([expect.objectContaining({ id: created![0]!.json.task_id })]);
  });

  it("reports Kling's error code, request id and hint", async () => {
    const run = runNode(node, {
      parameters: { resource: 'customApiCall', operation: 'send', method: 'GET', path: '/tasks', query: '{"task_ids":"x,y"}' },
      credentials: credentialsFor(box, { apiKey: 'wrong-key' }),
    });
    await expect(run).rejects.toBeInstanceOf(NodeApiError);
    await expect(run).rejects.toMatchObject({ context: { kind: 'auth', klingCode: 1000 } });
  });
});

describe('credential test (klingAiApiTest)', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox();
  });
  afterAll(() => box.stop());

  const test = (data: KlingAiApiCredentials) =>
    node.methods.credentialTest.klingAiApiTest.call({ helpers: { request: legacyRequest } } as unknown as ICredentialTestFunctions, {
      id: 'c',
      name: 'Kling',
      type: 'klingAiApi',
      data: data as unknown as ICredentialsDecrypted['data'],
    });

  it('passes with a working API key and with a working key pair', async () => {
    expect(await test(credentialsFor(box))).toMatchObject({ status: 'OK' });
    expect(
      await test(credentialsFor(box, { authentication: 'accessKey', accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY })),
    ).toMatchObject({ status: 'OK' });
  });

  it('says why a key is refused, without repeating it', async () => {
    const result = await test(credentialsFor(box, { apiKey: 'revoked-key-123' }));
    expect(result.status).toBe('Error');
    expect(result.message).toMatch(
      /^Authentication failed: the API key is not valid\. Check the API Key in this credential\. \(Kling code 1000, request id [\w-]+\)$/,
    );
    expect(result.message).not.toContain('revoked-key-123');
  });

  it('says when the host cannot be reached', async () => {
    const result = await test(credentialsFor(box, { baseUrl: 'http://127.0.0.1:9' }));
    expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('Could not reach http://127.0.0.1:9') });
  });

  it('says what is missing from an incomplete credential', async () => {
    const result = await test(credentialsFor(box, { authentication: 'accessKey', accessKey: 'only-half' }));
    expect(result).toMatchObject({
      status: 'Error',
      message: expect.stringMatching(/^Check the Secret Key of this credential: .*secret key/),
    });
  });

  it('names a bad setting by its label in the credential', async () => {
    const result = await test(credentialsFor(box, { baseUrl: 'ftp://example.com' }));
    expect(result).toEqual({ status: 'Error', message: 'Check the Base URL of this credential: must be an http(s) URL.' });
  });
});
