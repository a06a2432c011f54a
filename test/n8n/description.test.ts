import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeHelpers, type INode, type INodeParameters, type INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { MODELS, productsOf, type Product } from '../../core/index.js';
import { FIELD_LABEL_LIST } from '../../nodes/KlingAi/helpers/field-labels.js';
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

/** The entries an Options collection offers for these values ("Add Option" list). */
function offeredOptions(values: Record<string, unknown>): string[] {
  const parameters = nodeParameters(node, values as never);
  return shown(values)
    .filter((field) => field.type === 'collection')
    .flatMap((collection) =>
      (collection.options as INodeProperties[]).filter((option) =>
        NodeHelpers.displayParameter(
          (parameters[collection.name] ?? {}) as INodeParameters,
          option,
          { typeVersion: 1 } as INode,
          node.description,
          parameters,
        ),
      ),
    )
    .map((option) => option.displayName);
}

function optionValues(property: INodeProperties | undefined): unknown[] | undefined {
  return property?.options?.map((option) => ('value' in option ? option.value : undefined));
}

describe('Generate fields come from the model catalog', () => {
  const combos = MODELS.flatMap((model) => productsOf(model).map((product) => ({ model, product })));

  it.each(combos.map(({ model, product }) => [model.id, product] as const))(
    '%s %s: one of each field, with the catalog values',
    (modelId, product) => {
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
    },
  );

  it('hides the wait and download fields when not waiting', () => {
    const names = shown({ resource: 'video', operation: 'generate', waitForCompletion: false }).map((field) => field.name);
    expect(names).not.toContain('downloadVideo');
    expect(names).not.toContain('binaryPropertyName');
  });
});

describe('n8n conventions', () => {
  it('the action node is usable as an AI tool with its own description, tests its credential and pairs the credential name', () => {
    expect(node.description.usableAsTool).toEqual({ replacements: { description: expect.stringContaining('Wait for Task') } });
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
    expect(trigger.description.webhooks).toEqual([
      expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived', name: 'default' }),
    ]);
    const methods = trigger.webhookMethods.default;
    expect(await methods.checkExists.call({})).toBe(false);
    expect(await methods.create.call({})).toBe(true);
    expect(await methods.delete.call({})).toBe(true);
  });
});

describe('Options follow the model', () => {
  const combos = MODELS.flatMap((model) => productsOf(model).map((product) => [model.id, product] as const));

  it('Kling 3.0 Turbo text-to-video offers no CFG Scale, no motion length, no voices and no multi-shot', () => {
    const offered = offeredOptions({ resource: 'video', operation: 'generate', model: 'kling-3.0-turbo', product: 'text-to-video' });
    expect(offered).toEqual(['Callback URL', 'External Task ID', 'Fail on Timeout', 'Max Wait (Seconds)', 'Watermarked Copy']);
  });

  it.each(combos)('%s %s: each option offered once, by both operations', (model, product) => {
    for (const operation of ['generate', 'estimate']) {
      const offered = offeredOptions({ resource: 'video', operation, model, product });
      expect(new Set(offered).size, `${operation}: ${offered.join(', ')}`).toBe(offered.length);
    }
  });

  it('error messages name fields by labels the panel shows', () => {
    const labels = new Set(properties.map((property) => property.displayName));
    const optionLabels = new Set(
      properties
        .filter((property) => property.name === 'options')
        .flatMap((property) => (property.options as INodeProperties[]).map((option) => option.displayName)),
    );
    for (const label of FIELD_LABEL_LIST) {
      const option = /^Options → (.+)$/.exec(label)?.[1];
      if (option) expect(optionLabels, label).toContain(option);
      else
        expect(
          [...labels].some((shownLabel) => shownLabel === label || shownLabel.startsWith(`${label} `)),
          label,
        ).toBe(true);
    }
  });
});

/**
 * The node descriptions as n8n's editor reads them, reviewed as one file: the codex (where the
 * nodes panel lists them), the tool variant's description, the trigger's texts, and per model and
 * product the Generate fields and the options Generate and Estimate offer. Any change shows in the diff.
 */
/** What a field allows, for the snapshot: its options, or a number's range (the model list is the same everywhere). */
function fieldValues(field: INodeProperties): string {
  if (field.name === 'model') return '';
  if (field.type === 'options') return `: ${optionValues(field)!.join(' | ')}`;
  if (field.type === 'number') return `: ${String(field.typeOptions?.minValue)} to ${String(field.typeOptions?.maxValue)}`;
  return '';
}

describe('node description snapshot', () => {
  const codex = (path: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'nodes', path), 'utf8')) as unknown;
  const head = ({ properties: _properties, ...rest }: typeof node.description) => rest;

  it('matches the reviewed snapshot', async () => {
    const trigger = new KlingAiTrigger();
    const perModel = Object.fromEntries(
      MODELS.flatMap((model) =>
        productsOf(model).map((product) => {
          const values = { resource: 'video', model: model.id, product };
          const fields = shown({ ...values, operation: 'generate' })
            .filter((field) => !['resource', 'operation', 'options'].includes(field.name))
            .map((field) => `${field.name}${field.required ? ' (required)' : ''}${fieldValues(field)}`);
          return [
            `${model.id} ${product}`,
            {
              generateFields: fields,
              generateOptions: offeredOptions({ ...values, operation: 'generate' }),
              estimateOptions: offeredOptions({ ...values, operation: 'estimate' }),
            },
          ];
        }),
      ),
    );
    const snapshot = {
      klingAi: { codex: codex('KlingAi/KlingAi.node.json'), description: head(node.description) },
      klingAiTrigger: {
        codex: codex('KlingAiTrigger/KlingAiTrigger.node.json'),
        description: head(trigger.description),
        properties: trigger.description.properties.map(({ displayName, name, type }) => ({ displayName, name, type })),
      },
      generateByModel: perModel,
    };
    await expect(JSON.stringify(snapshot, null, 2) + '\n').toMatchFileSnapshot('__snapshots__/node-description.json');
  });
});
