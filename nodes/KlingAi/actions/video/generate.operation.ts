import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { type CreateResult, validate } from '../../../../core/index.js';
import { derivedExternalTaskId } from '../../helpers/external-task-id.js';
import { generationRequestFrom } from '../../helpers/generation-request.js';
import { taskItem } from '../../helpers/task-item.js';
import { taskJson } from '../../helpers/task-json.js';
import { progressOptions } from '../../helpers/wait-progress.js';
import type { RunContext } from '../run-context.js';
import { optionEntries } from './request-options.js';
import { binaryPropertyOf, downloadFields, failOnTimeoutField, maxWaitField } from './wait-fields.js';

const properties: INodeProperties[] = [
  {
    displayName: 'Wait for Completion',
    name: 'waitForCompletion',
    type: 'boolean',
    default: true,
    description:
      'Whether to wait until the video is ready. Off: the item carries the task handle at once (follow it with Wait for Task, or receive the result in a Kling AI Trigger through the Callback URL).',
  },
  ...downloadFields(['generate'], { waitForCompletion: [true] }),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [
      ...optionEntries('callbackUrl'),
      ...optionEntries('cfgScale'),
      ...optionEntries('elementIds'),
      ...optionEntries('externalTaskId'),
      { ...failOnTimeoutField, displayOptions: { show: { '/waitForCompletion': [true] } } },
      { ...maxWaitField, displayOptions: { show: { '/waitForCompletion': [true] } } },
      ...optionEntries('motionVideoSeconds'),
      ...optionEntries('multiShot'),
      ...optionEntries('negativePrompt'),
      ...optionEntries('voiceIds'),
      ...optionEntries('watermark'),
    ],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['generate'] } }, properties);

/** Checks the item's request against the model catalog: free, nothing is sent. */
export async function check(this: IExecuteFunctions, itemIndex: number): Promise<void> {
  validate(await generationRequestFrom(this, itemIndex));
}

/**
 * Creates the task (in a concurrency slot of the shared client) exactly once across retries of
 * this node (see `derivedExternalTaskId`), then by default waits and downloads.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<INodeExecutionData[]> {
  const request = await generationRequestFrom(this, itemIndex);
  // A reused external id gives back the task it made (core): a retry of this node pays nothing twice.
  request.externalTaskId ??= derivedExternalTaskId(this, itemIndex);
  const client = await run.client();
  const created = await client.create(request, { signal: run.signal });
  const extra = createdJson(created);

  if (this.getNodeParameter('waitForCompletion', itemIndex, true) !== true) {
    return [{ json: { ...extra, ...taskJson(created.task) }, pairedItem: { item: itemIndex } }];
  }
  const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
  const maxWaitSeconds = typeof options.maxWaitSeconds === 'number' ? options.maxWaitSeconds : 600;
  const result = await client.wait(created.handle, {
    timeoutMs: maxWaitSeconds * 1000,
    signal: run.signal,
    ...progressOptions(this, itemIndex),
  });
  const get = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
  return [
    await taskItem(this, result, created.task, {
      itemIndex,
      binaryProperty: binaryPropertyOf(get),
      failOnTimeout: options.failOnTimeout === true,
      maxWaitSeconds,
      extra,
      signal: run.signal,
    }),
  ];
}

function createdJson(created: CreateResult): IDataObject {
  return {
    model: created.model,
    ...(created.fallbackFrom ? { fallbackFrom: created.fallbackFrom } : {}),
    estimatedUnits: created.estimate.units,
    estimatedUsd: created.estimate.usd,
    ...(created.recovered ? { recovered: true } : {}),
    ...(created.existing ? { existing: true } : {}),
  };
}
