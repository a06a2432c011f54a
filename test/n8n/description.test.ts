import { NodeHelpers, type INode, type INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { MODELS, productsOf, type Product } from '../../core/index.js';
import { KlingAiApi } from '../../credentials/KlingAiApi.credentials.js';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import { KlingAiTrigger } from '../../nodes/KlingAiTrigger/KlingAiTrigger.node.js';
import { nodeParameters } from './support/n8n-context.js';

const node = new KlingAi();
const properties = node.description.properties;

/** The parameters n8n shows for these values (what the editor displays). */
function shown(values: Record<string, unknown>): INodeProperties[] {
  const parameters = nodeParameters(node, values as never);
  return properties.filter((property) => NodeHelpers.displayParameter(parameters, property, { typeVersion: 1 } as INode, node.description));
}

function optionValues(property: INodeProperties | undefined): unknown[] | undefined {
  return property?.options?.map((option) => ('value' in option ? option.value : undefined));
}

describe('Generate fields come from the model catalog', () => {
  const combos = MODELS.flatMap((model) => productsOf(model).map((product) => ({ model, product })));

  it.each(combos.map(({ model, product }) => [model.id, product] as const))('%s %s: one of each field, with the catalog values', (modelId, product) => {
    const model = MODELS.find((m) => m.id === modelId)!;
    const spec = model.products[product as Product]!;
    const fields = shown({ resource: 'video', operation: 'generate', model: modelId, product });
    const byName = (name: string) => fields.filter((field) => field.name === name);

    for (const name of new Set(fields.map((field) => field.name))) expect(byName(name), name).toHaveLength(1);
    expect(optionValues(byName('product')[0])).toEqual(productsOf(model));

    const resolution = byName('resolution')[0];
    if (spec.resolutions.length > 1) expect(optionValues(resolution)).toEqual([...spec.resolutions]);
    else expect(resolution).toBeUndefined();

    const duration = byName('duration')[0];
    if (spec.duration.kind === 'none') expect(duration).toBeUndefined();
    else if (spec.duration.kind === 'set') expect(optionValues(duration)).toEqual([...spec.duration.values]);
    else expect(duration?.typeOptions).toMatchObject({ minValue: spec.duration.min, maxValue: spec.duration.max });

    const audio = byName('audio')[0];
    if (spec.audio.values.length === 0) expect(audio).toBeUndefined();
    else expect(optionValues(audio)).toEqual([...spec.audio.values]);

    const aspect = byName('aspectRatio')[0];
    if (spec.aspectRatios.length === 0) expect(aspect).toBeUndefined();
    else expect(optionValues(aspect)).toEqual([...spec.aspectRatios]);

    expect(byName('firstFrameSource').length).toBe(spec.frames.first === 'none' ? 0 : 1);
    expect(byName('lastFrameSource').length).toBe(spec.frames.last === 'none' ? 0 : 1);
    expect(byName('prompt')[0]?.required ?? false).toBe(spec.promptRequired);
  });

  it('hides the wait and download fields when not waiting', () => {
    const names = shown({ resource: 'video', operation: 'generate', waitForCompletion: false }).map((field) => field.name);
    expect(names).not.toContain('downloadVideo');
    expect(names).not.toContain('binaryPropertyName');
  });
});

describe('n8n conventions', () => {
  it('the action node is usable as an AI tool, tests its credential and pairs the credential name', () => {
    expect(node.description.usableAsTool).toBe(true);
    expect(node.description.credentials).toEqual([{ name: new KlingAiApi().name, required: true, testedBy: 'klingAiApiTest' }]);
    expect(Object.keys(node.methods.credentialTest)).toEqual(['klingAiApiTest']);
  });

  it('every operation has an action label (the AI tool and the node panel use it)', () => {
    const operations = properties.filter((property) => property.name === 'operation');
    expect(operations.length).toBe(3);
    for (const operation of operations) {
      for (const option of operation.options ?? []) expect(option).toHaveProperty('action');
    }
  });

  it('the trigger listens for POSTs, answers at once, and has no-op lifecycle methods', async () => {
    const trigger = new KlingAiTrigger();
    expect(trigger.description.webhooks).toEqual([expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived', name: 'default' })]);
    const methods = trigger.webhookMethods.default;
    expect(await methods.checkExists.call({})).toBe(false);
    expect(await methods.create.call({})).toBe(true);
    expect(await methods.delete.call({})).toBe(true);
  });
});
