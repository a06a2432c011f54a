import type { INodeProperties } from 'n8n-workflow';
import * as getPacks from './getPacks.operation.js';

export { getPacks };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['account'] } },
    options: [
      {
        name: 'Get Packs',
        value: 'getPacks',
        action: 'Get resource packs',
        description: 'List the resource packs and the video units remaining',
      },
    ],
    default: 'getPacks',
  },
];
