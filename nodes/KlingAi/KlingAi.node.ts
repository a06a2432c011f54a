import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as account from './actions/account/index.js';
import * as customApiCall from './actions/customApiCall/index.js';
import { router } from './actions/router.js';
import * as video from './actions/video/index.js';
import { klingAiApiTest } from './methods/credentialTest.js';

export class KlingAi implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Kling AI',
    name: 'klingAi',
    icon: { light: 'file:klingAi.svg', dark: 'file:klingAi.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
    description: 'Generate videos with Kling AI: text or images to video, waiting, download, credits',
    defaults: { name: 'Kling AI' },
    // The AI Agent's tool variant ("Kling AI Tool") gets an agent-facing description; the plain
    // node stays a plain node (its codex has no AI "Tools" subcategory, so no "let the model
    // define this" buttons).
    usableAsTool: {
      replacements: {
        description:
          'Makes a video with Kling AI from a text prompt or images, or reads a video task. Generate spends credits and by default waits for the video (one to several minutes) and returns videoUrl; when done is false, continue with Wait for Task and the returned handle. Use Estimate Credits first when the cost matters.',
      },
    },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'klingAiApi', required: true, testedBy: 'klingAiApiTest' }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Account', value: 'account' },
          { name: 'Custom API Call', value: 'customApiCall' },
          { name: 'Video', value: 'video' },
        ],
        default: 'video',
      },
      ...video.description,
      ...account.description,
      ...customApiCall.description,
    ],
  };

  methods = { credentialTest: { klingAiApiTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return router.call(this);
  }
}
