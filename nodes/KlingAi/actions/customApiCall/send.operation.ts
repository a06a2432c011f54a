import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { RunContext } from '../run-context.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

const properties: INodeProperties[] = [
  {
    displayName: 'Method',
    name: 'method',
    type: 'options',
    options: (['DELETE', 'GET', 'PATCH', 'POST', 'PUT'] as const).map((method) => ({ name: method, value: method })),
    default: 'POST',
  },
  {
    displayName: 'Path',
    name: 'path',
    type: 'string',
    required: true,
    default: '',
    placeholder: 'e.g. /v1/videos/lip-sync',
    description: "A Kling endpoint, relative to the credential's base URL (effects, lip-sync, images, …)",
  },
  {
    displayName: 'Query Parameters (JSON)',
    name: 'query',
    type: 'json',
    default: '{}',
  },
  {
    displayName: 'Body (JSON)',
    name: 'body',
    type: 'json',
    default: '{}',
    displayOptions: { show: { method: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
  },
];

export const description = updateDisplayOptions({ show: { resource: ['customApiCall'], operation: ['send'] } }, properties);

/**
 * Any other Kling endpoint, sent with the credential's auth (the JWT too), Kling's envelope
 * unwrapped and its errors explained. The item is the envelope's `data`: an object as it is,
 * anything else under `data`.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<INodeExecutionData[]> {
  const method = this.getNodeParameter('method', itemIndex) as Method;
  const path = String(this.getNodeParameter('path', itemIndex)).trim();
  const query = jsonParameter(this, 'query', itemIndex) as Record<string, string | number | undefined> | undefined;
  const body = method === 'GET' ? undefined : jsonParameter(this, 'body', itemIndex);
  const client = await run.client();
  const data = await client.request(method, path, body, { query, signal: run.signal });
  const json = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : { data: data as IDataObject[] };
  return [{ json, pairedItem: { item: itemIndex } }];
}

function jsonParameter(context: IExecuteFunctions, name: string, itemIndex: number): unknown {
  const value = context.getNodeParameter(name, itemIndex, '{}');
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new NodeOperationError(context.getNode(), `${name} is not valid JSON`, { itemIndex });
  }
}
