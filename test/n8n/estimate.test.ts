import { describe, expect, it } from 'vitest';
import { estimate } from '../../core/index.js';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import { runNode } from './support/n8n-context.js';

const node = new KlingAi();
// Estimates need no network: a credential that points nowhere proves it.
const offline = { authentication: 'apiKey', apiKey: 'unused', region: 'custom', baseUrl: 'http://127.0.0.1:9' } as const;

describe('Video → Estimate Credits', () => {
  it('prices the request Generate would send, from the catalog', async () => {
    const [items] = await runNode(node, {
      parameters: {
        resource: 'video',
        operation: 'estimate',
        model: 'kling-3.0',
        product: 'text-to-video',
        prompt: 'x',
        resolution: '1080p',
        duration: 10,
        audio: 'native',
      },
      credentials: offline,
    });
    const expected = estimate({
      model: 'kling-3.0',
      product: 'text-to-video',
      prompt: 'x',
      resolution: '1080p',
      duration: 10,
      audio: 'native',
    });
    expect(items![0]).toEqual({
      json: expect.objectContaining({
        model: 'kling-3.0',
        units: expected.units,
        usd: expected.usd,
        seconds: 10,
        resolution: '1080p',
        variant: expected.row.variant,
      }),
      pairedItem: { item: 0 },
    });
  });

  it("uses the model's defaults for fields left alone", async () => {
    const [items] = await runNode(node, {
      parameters: { resource: 'video', operation: 'estimate', model: 'kling-2.5-turbo', prompt: 'x' },
      credentials: offline,
    });
    expect(items![0]!.json).toMatchObject({ units: estimate({ model: 'kling-2.5-turbo', prompt: 'x' }).units, seconds: 5 });
  });

  it('explains a request the model does not accept', async () => {
    const [items] = await runNode(node, {
      parameters: { resource: 'video', operation: 'estimate', model: 'kling-2.6', prompt: 'x', resolution: '720p', audio: 'native' },
      credentials: offline,
      continueOnFail: true,
    });
    expect(items![0]!.json).toEqual({
      error: expect.stringMatching(/^Audio: 'native' /),
      details: { kind: 'invalid', field: 'audio', taskMayExist: false, description: 'Nothing was sent to Kling and nothing was charged.' },
    });
  });
});
