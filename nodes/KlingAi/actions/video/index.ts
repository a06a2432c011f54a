import type { INodeProperties } from 'n8n-workflow';
import { requestFields } from '../../helpers/catalog-fields.js';
import * as estimate from './estimate.operation.js';
import * as generate from './generate.operation.js';
import * as getTask from './getTask.operation.js';
import * as waitForTask from './waitForTask.operation.js';

export { estimate, generate, getTask, waitForTask };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['video'] } },
    options: [
      {
        name: 'Estimate Credits',
        value: 'estimate',
        action: 'Estimate the credits of a video',
        description: 'Price a request from the model catalog, without sending it',
      },
      {
        name: 'Generate',
        value: 'generate',
        action: 'Generate a video',
        description: 'Create a video from a prompt, images or a video, and by default wait for it and download it',
      },
      {
        name: 'Get Task',
        value: 'getTask',
        action: 'Get a video task',
        description: 'Read the status and result of a task once',
      },
      {
        name: 'Wait for Task',
        value: 'waitForTask',
        action: 'Wait for a video task',
        description: 'Wait until a task created earlier ends, then return its video',
      },
    ],
    default: 'generate',
  },
  ...requestFields,
  ...generate.description,
  ...estimate.description,
  ...getTask.description,
  ...waitForTask.description,
];
