import type { INodeProperties } from 'n8n-workflow';

/** Optional request fields (the Options collection). The core checks them against the model. */
export const requestOptions: Record<string, INodeProperties> = {
  negativePrompt: {
    displayName: 'Negative Prompt',
    name: 'negativePrompt',
    type: 'string',
    typeOptions: { rows: 2 },
    default: '',
    description: 'What to avoid. A legacy-standard field: a request carrying it is sent on the legacy standard.',
  },
  cfgScale: {
    displayName: 'CFG Scale',
    name: 'cfgScale',
    type: 'number',
    typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
    default: 0.5,
    description: 'How closely to follow the prompt, 0 to 1 (older legacy models only)',
  },
  watermark: {
    displayName: 'Watermarked Copy',
    name: 'watermark',
    type: 'boolean',
    default: false,
    description: 'Whether Kling should also produce a watermarked copy of the video',
  },
  multiShot: {
    displayName: 'Multi-Shot',
    name: 'multiShot',
    type: 'boolean',
    default: true,
    description: 'Whether the model may cut the video into shots by itself (models that offer multi-shot)',
  },
  elementIds: {
    displayName: 'Element IDs',
    name: 'elementIds',
    type: 'string',
    default: '',
    placeholder: 'e.g. 123456:hero, 789012',
    description: 'Element IDs, separated by commas, each optionally with :alias; the prompt refers to them as @alias',
  },
  voiceIds: {
    displayName: 'Voice IDs',
    name: 'voiceIds',
    type: 'string',
    default: '',
    description: 'Voice IDs separated by commas (models with voices; needs native audio)',
  },
  motionVideoSeconds: {
    displayName: 'Motion Video Length (Seconds)',
    name: 'motionVideoSeconds',
    type: 'number',
    typeOptions: { minValue: 0 },
    default: 0,
    description: 'Motion control: the length of the motion video, used for the credit estimate',
  },
  callbackUrl: {
    displayName: 'Callback URL',
    name: 'callbackUrl',
    type: 'string',
    default: '',
    placeholder: 'https://your-n8n/webhook/…/kling',
    description: 'Kling POSTs every status change here: use the Production URL of a Kling AI Trigger node',
  },
  externalTaskId: {
    displayName: 'External Task ID',
    name: 'externalTaskId',
    type: 'string',
    default: '',
    description: 'Your own unique ID for the task. It also makes the create idempotent: a second create with the same ID is refused by Kling.',
  },
};
