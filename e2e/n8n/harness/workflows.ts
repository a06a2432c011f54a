import { CREDENTIAL } from './fixtures.js';

/**
 * The workflows of the n8n-settings cases, built as a user would in the editor: a manual trigger,
 * a Code node making the items, and the Kling AI node with n8n's own node settings (Retry On
 * Fail, On Error). Workflow ids are 16 characters, like n8n's.
 */

export const SETTINGS_WORKFLOWS = {
  retryOnFail: 'klingRetryFail01',
  errorOutput: 'klingErrOutput01',
  twoItems: 'klingTwoItems001',
} as const;

interface Item {
  prompt: string;
  duration: number;
}

const CREDENTIALS = { klingAiApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } };

function trigger() {
  return {
    id: 'a0000000-0000-4000-8000-000000000001',
    name: 'Start',
    type: 'n8n-nodes-base.manualTrigger',
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
  };
}

function items(list: Item[]) {
  return {
    id: 'a0000000-0000-4000-8000-000000000002',
    name: 'Items',
    type: 'n8n-nodes-base.code',
    typeVersion: 2,
    position: [220, 0],
    parameters: { jsCode: `return ${JSON.stringify(list.map((json) => ({ json })))};` },
  };
}

/** Kling AI → Generate, text to video, prompt and duration from the item. */
function generate(settings: Record<string, unknown>, options: Record<string, unknown> = {}) {
  return {
    id: 'a0000000-0000-4000-8000-000000000003',
    name: 'Generate Video',
    type: 'n8n-nodes-kling.klingAi',
    typeVersion: 1,
    position: [440, 0],
    parameters: {
      resource: 'video',
      operation: 'generate',
      model: 'kling-3.0-turbo',
      product: 'text-to-video',
      prompt: '={{ $json.prompt }}',
      duration: '={{ $json.duration }}',
      downloadVideo: false,
      options,
    },
    credentials: CREDENTIALS,
    ...settings,
  };
}

function noOp(name: string, index: number, y: number) {
  return {
    id: `a0000000-0000-4000-8000-00000000001${index}`,
    name,
    type: 'n8n-nodes-base.noOp',
    typeVersion: 1,
    position: [700, y],
    parameters: {},
  };
}

function workflow(id: string, name: string, nodes: object[], connections: object) {
  return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {} };
}

const chain = {
  Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
  Items: { main: [[{ node: 'Generate Video', type: 'main', index: 0 }]] },
};

/** Retry On Fail (5 tries, 2 s apart) with a Max Wait shorter than the task and Fail on Timeout: the first try fails after creating. */
export const retryOnFailWorkflow = () =>
  workflow(
    SETTINGS_WORKFLOWS.retryOnFail,
    'Kling AI e2e: Retry On Fail',
    [
      trigger(),
      items([
        { prompt: 'a lighthouse in a storm', duration: 3 },
        { prompt: 'a lighthouse at dawn', duration: 3 },
      ]),
      generate({ retryOnFail: true, maxTries: 5, waitBetweenTries: 2000 }, { maxWaitSeconds: 1, failOnTimeout: true }),
    ],
    chain,
  );

/** On Error: Continue (using error output), a valid and an invalid item, each output to its own node. */
export const errorOutputWorkflow = () =>
  workflow(
    SETTINGS_WORKFLOWS.errorOutput,
    'Kling AI e2e: error output',
    [
      trigger(),
      items([
        { prompt: 'a valid paper boat', duration: 3 },
        { prompt: 'an invalid paper boat', duration: 60 },
      ]),
      generate({ onError: 'continueErrorOutput' }),
      noOp('Made', 0, -100),
      noOp('Refused', 1, 100),
    ],
    {
      ...chain,
      'Generate Video': { main: [[{ node: 'Made', type: 'main', index: 0 }], [{ node: 'Refused', type: 'main', index: 0 }]] },
    },
  );

/** On Error: Continue, two items where the second is invalid. */
export const twoItemsWorkflow = () =>
  workflow(
    SETTINGS_WORKFLOWS.twoItems,
    'Kling AI e2e: two items, the second invalid',
    [
      trigger(),
      items([
        { prompt: 'a valid kite', duration: 3 },
        { prompt: 'an invalid kite', duration: 60 },
      ]),
      generate({ onError: 'continueRegularOutput' }),
    ],
    chain,
  );
