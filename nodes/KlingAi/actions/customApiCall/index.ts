import type { INodeProperties } from 'n8n-workflow';
import * as send from './send.operation.js';

export { send };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['customApiCall'] } },
    options: [
      {
        name: 'Send Request',
        value: 'send',
        action: 'Send an API request',
        description: 'Call any other Kling endpoint with the credential',
      },
    ],
    default: 'send',
  },
  ...send.description,
];
