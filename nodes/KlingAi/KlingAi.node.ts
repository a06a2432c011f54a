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
    usableAsTool: true,
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
