import type { INodeProperties } from 'n8n-workflow';
import type { Product, ProductSpec } from '../../../../core/index.js';
import { catalogShows } from '../../helpers/catalog-fields.js';

/** Which models and products (from the catalog) take an option; absent: all of them. */
type AppliesTo = (spec: ProductSpec, product: Product) => boolean;

interface RequestOption {
  field: INodeProperties;
  appliesTo?: AppliesTo;
}

/** Optional request fields (the Options collection), each with the catalog facts that offer it. */
const REQUEST_OPTIONS = {
  negativePrompt: {
    field: {
      displayName: 'Negative Prompt',
      name: 'negativePrompt',
      type: 'string',
      typeOptions: { rows: 2 },
      default: '',
      description: 'What to avoid. A legacy-standard field: a request carrying it is sent on the legacy standard.',
    },
    appliesTo: (spec) => spec.negativePrompt === true,
  },
  cfgScale: {
    field: {
      displayName: 'CFG Scale',
      name: 'cfgScale',
      type: 'number',
      typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
      default: 0.5,
      description: 'How closely to follow the prompt, 0 to 1',
    },
    appliesTo: (spec) => spec.cfgScale === true,
  },
  watermark: {
    field: {
      displayName: 'Watermarked Copy',
      name: 'watermark',
      type: 'boolean',
      default: false,
      description: 'Whether Kling should also produce a watermarked copy of the video',
    },
  },
  multiShot: {
    field: {
      displayName: 'Multi-Shot',
      name: 'multiShot',
      type: 'boolean',
      default: true,
      description: 'Whether the model may cut the video into shots by itself',
    },
    appliesTo: (spec) => spec.multiShot !== undefined,
  },
  elementIds: {
    field: {
      displayName: 'Element IDs',
      name: 'elementIds',
      type: 'string',
      default: '',
      placeholder: 'e.g. 123456:hero, 789012',
      description: 'Element IDs, separated by commas, each optionally with :alias; the prompt refers to them as @alias',
    },
    appliesTo: (spec) => spec.maxElements > 0,
  },
  voiceIds: {
    field: {
      displayName: 'Voice IDs',
      name: 'voiceIds',
      type: 'string',
      default: '',
      description: 'Voice IDs separated by commas (needs native audio)',
    },
    appliesTo: (spec) => spec.maxVoices > 0,
  },
  motionVideoSeconds: {
    field: {
      displayName: 'Motion Video Length (Seconds)',
      name: 'motionVideoSeconds',
      type: 'number',
      typeOptions: { minValue: 0 },
      default: 0,
      description: 'The length of the motion video, used for the credit estimate',
    },
    appliesTo: (_spec, product) => product === 'motion-control',
  },
  callbackUrl: {
    field: {
      displayName: 'Callback URL',
      name: 'callbackUrl',
      type: 'string',
      default: '',
      placeholder: 'https://your-n8n/webhook/…/kling',
      description: 'Kling POSTs every status change here: use the Production URL of a Kling AI Trigger node',
    },
  },
  externalTaskId: {
    field: {
      displayName: 'External Task ID',
      name: 'externalTaskId',
      type: 'string',
      default: '',
      description:
        'Your own unique ID for the task: a create with an ID already used gives back the task made with it, and nothing is charged twice. Empty: the node derives one from the execution, node, run and item, so a retry of this node (Retry On Fail) finds the task it already created instead of paying for a second one.',
    },
  },
} satisfies Record<string, RequestOption>;

export type RequestOptionName = keyof typeof REQUEST_OPTIONS;

/**
 * An option as entries of an Options collection, shown only for the models and products of the
 * catalog that take it (`/model`, `/product`: the node's own fields).
 */
export function optionEntries(name: RequestOptionName): INodeProperties[] {
  const option: RequestOption = REQUEST_OPTIONS[name];
  if (!option.appliesTo) return [option.field];
  return catalogShows(option.appliesTo).map(({ models, products }) => ({
    ...option.field,
    displayOptions: { show: { '/model': models, '/product': products } },
  }));
}

/** Whether the chosen model and product take an option (options left over from another model are not sent). */
export function optionApplies(name: RequestOptionName, spec: ProductSpec, product: Product): boolean {
  const option: RequestOption = REQUEST_OPTIONS[name];
  return option.appliesTo?.(spec, product) ?? true;
}

/** The label an option has in the editor. */
export function optionLabel(name: RequestOptionName): string {
  return REQUEST_OPTIONS[name].field.displayName;
}
