import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import type { Sandbox } from '../../sandbox/index.js';
import { credentialsFor, sandbox, TIME_SCALE } from './support/fixtures.js';
import { runNode } from './support/n8n-context.js';

/**
 * The output schemas n8n serves at /schemas/<node>/<version>/<resource>/<operation>.json (from
 * `__schema__/v1.0.0/` beside the node's file) and shows downstream before the first run. Each is
 * checked against what the operation really outputs.
 */

interface Schema {
  type: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}

const node = new KlingAi();
const SCHEMAS = join(import.meta.dirname, '..', '..', 'nodes', 'KlingAi', '__schema__', 'v1.0.0');
const schemaOf = (resource: string, operation: string) =>
  JSON.parse(readFileSync(join(SCHEMAS, resource, `${operation}.json`), 'utf8')) as Schema;

/** Where a value does not fit its schema (absent fields are fine: n8n drops undefined). */
function misfits(value: unknown, schema: Schema, path: string): string[] {
  if (value === undefined || value === null) return [];
  const type = Array.isArray(value) ? 'array' : typeof value;
  if (type !== schema.type) return [`${path}: ${type}, schema says ${schema.type}`];
  if (type === 'array') return (value as unknown[]).flatMap((entry, index) => misfits(entry, schema.items!, `${path}[${index}]`));
  if (type !== 'object') return [];
  return Object.entries(value as IDataObject).flatMap(([key, entry]) => {
    const property = schema.properties?.[key];
    return property ? misfits(entry, property, `${path}.${key}`) : entry === undefined ? [] : [`${path}.${key}: not in the schema`];
  });
}

describe('output schemas', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox();
  });
  afterAll(() => box.stop());

  const outputOf = async (parameters: INodeParameters) => {
    const [items] = await runNode(node, { parameters, credentials: credentialsFor(box) });
    return items![0]!.json;
  };

  it('one per operation of the node (but the free-form Custom API Call)', () => {
    const operations = node.description.properties
      .filter((property) => property.name === 'operation')
      .flatMap((property) =>
        (property.options ?? []).map(
          (option) => `${String(property.displayOptions?.show?.resource)}/${'value' in option ? String(option.value) : ''}`,
        ),
      )
      .filter((path) => !path.startsWith('customApiCall/'));
    for (const path of operations) expect(() => schemaOf(...(path.split('/') as [string, string])), path).not.toThrow();
  });

  it('Generate (finished, and ended by Max Wait), Get Task and Wait for Task', async () => {
    const generated = await outputOf({
      resource: 'video',
      operation: 'generate',
      model: 'kling-3.0-turbo',
      prompt: 'a fox',
      duration: 3,
      downloadVideo: false,
    });
    expect(generated.videoUrl).toEqual(expect.any(String));
    expect(misfits(generated, schemaOf('video', 'generate'), 'generate')).toEqual([]);

    const handle = String(generated.handle);
    expect(
      misfits(
        await outputOf({ resource: 'video', operation: 'getTask', taskRef: handle, downloadVideo: false }),
        schemaOf('video', 'getTask'),
        'getTask',
      ),
    ).toEqual([]);
    const waited = await outputOf({ resource: 'video', operation: 'waitForTask', taskRef: handle, downloadVideo: false });
    expect(misfits(waited, schemaOf('video', 'waitForTask'), 'waitForTask')).toEqual([]);

    box.setTimeScale(1);
    try {
      const unfinished = await outputOf({
        resource: 'video',
        operation: 'generate',
        model: 'kling-3.0-turbo',
        prompt: 'slow',
        options: { maxWaitSeconds: 1 },
      });
      expect(unfinished.waitEndedBy).toBe('timeout');
      expect(misfits(unfinished, schemaOf('video', 'generate'), 'generate (timeout)')).toEqual([]);
    } finally {
      box.setTimeScale(TIME_SCALE);
    }
  });

  it('Estimate Credits and Get Packs', async () => {
    const estimate = await outputOf({
      resource: 'video',
      operation: 'estimate',
      model: 'kling-v1-6',
      product: 'text-to-video',
      prompt: 'x',
    });
    expect(estimate.units).toEqual(expect.any(Number));
    expect(misfits(estimate, schemaOf('video', 'estimate'), 'estimate')).toEqual([]);
    const packs = await outputOf({ resource: 'account', operation: 'getPacks' });
    expect((packs.packs as unknown[]).length).toBeGreaterThan(0);
    expect(misfits(packs, schemaOf('account', 'getPacks'), 'getPacks')).toEqual([]);
  });
});
