import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  NodeHelpers,
  NodeOperationError,
  type IBinaryData,
  type IDataObject,
  type IExecuteFunctions,
  type IHttpRequestOptions,
  type INode,
  type INodeExecutionData,
  type INodeParameters,
  type INodeType,
  type IWebhookFunctions,
  type NodeExecutionHint,
  type IWebhookResponseData,
} from 'n8n-workflow';
import type { KlingAiApiCredentials } from '../../../credentials/KlingAiApi.credentials.js';

/**
 * Test doubles of n8n's node contexts, typed by n8n-workflow: parameters are resolved the way
 * n8n resolves them (`NodeHelpers.getNodeParameters`: defaults of the displayed parameters,
 * duplicate names chosen by `displayOptions`), and HTTP is real (`fetch`).
 */

export interface RunOptions {
  parameters: INodeParameters;
  /** Overrides per item index (n8n would evaluate an expression per item). */
  itemParameters?: INodeParameters[];
  items?: INodeExecutionData[];
  credentials: KlingAiApiCredentials;
  continueOnFail?: boolean;
  cancelSignal?: AbortSignal;
  nodeId?: string;
  /** n8n's execution id; a new one per run unless given (a retry of the node keeps it). */
  executionId?: string;
  /** Collects what the node sends to the editor's console (`sendMessageToUI`). */
  messages?: unknown[];
  /** Collects the execution hints the node adds under its output. */
  hints?: NodeExecutionHint[];
}

export function nodeParameters(nodeType: INodeType, parameters: INodeParameters): INodeParameters {
  const description = nodeType.description;
  const resolved = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, { typeVersion: 1 }, description);
  if (!resolved) throw new Error('n8n resolved no parameters');
  return resolved;
}

function nodeOf(nodeType: INodeType, parameters: INodeParameters, id = 'node-1'): INode {
  return {
    id,
    name: nodeType.description.defaults.name ?? nodeType.description.displayName,
    type: `n8n-nodes-kling.${nodeType.description.name}`,
    typeVersion: 1,
    position: [0, 0],
    parameters,
  };
}

function parameterGetter(node: INode, perItem: INodeParameters[] | undefined, nodeType: INodeType) {
  return (name: string, itemIndex: number, fallback?: unknown): unknown => {
    const override = perItem?.[itemIndex];
    const parameters = override ? nodeParameters(nodeType, { ...node.parameters, ...override }) : node.parameters;
    const value = parameters[name];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    throw new Error(`Could not get parameter "${name}"`);
  };
}

export const helpers = {
  async httpRequest(options: IHttpRequestOptions): Promise<unknown> {
    const response = await fetch(options.url, {
      method: options.method ?? 'GET',
      headers: options.headers as Record<string, string> | undefined,
      body: options.body as string | undefined,
      signal: options.abortSignal as AbortSignal | undefined,
    });
    if (!response.ok && !options.ignoreHttpStatusErrors) throw new Error(`Request failed with status code ${response.status}`);
    const body = options.encoding === 'arraybuffer' ? Buffer.from(await response.arrayBuffer()) : await response.text();
    return options.returnFullResponse ? { body, headers: Object.fromEntries(response.headers), statusCode: response.status } : body;
  },
  async prepareBinaryData(buffer: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> {
    return {
      data: buffer.toString('base64'),
      mimeType: mimeType ?? 'application/octet-stream',
      fileName,
      fileExtension: fileName?.split('.').pop(),
      fileSize: `${buffer.length} B`,
    };
  },
};

/**
 * n8n's legacy `request` helper, the one a credential test gets, as far as the credential test
 * uses it (`simple: false`, `resolveWithFullResponse: true`).
 */
export async function legacyRequest(options: {
  method?: string;
  uri: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<unknown> {
  const response = await fetch(options.uri, { method: options.method ?? 'GET', headers: options.headers, body: options.body });
  return { body: await response.text(), headers: Object.fromEntries(response.headers), statusCode: response.status };
}

/** An `IExecuteFunctions` double for a node with these parameters, items and credential. */
export function executeContext(nodeType: INodeType, options: RunOptions): IExecuteFunctions {
  const node = nodeOf(nodeType, nodeParameters(nodeType, options.parameters), options.nodeId);
  const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
  const get = parameterGetter(node, options.itemParameters, nodeType);
  const executionId = options.executionId ?? randomUUID();
  return {
    getNode: () => node,
    getWorkflow: () => ({ id: 'workflow-test', name: 'test', active: false }),
    getExecutionId: () => executionId,
    getInstanceId: () => 'instance-test',
    getWorkflowDataProxy: () => ({ $runIndex: 0 }),
    sendMessageToUI: (...message: unknown[]) => options.messages?.push(message.length === 1 ? message[0] : message),
    addExecutionHints: (...hints: NodeExecutionHint[]) => options.hints?.push(...hints),
    getInputData: () => items,
    getNodeParameter: get,
    getCredentials: async () => ({ ...options.credentials }),
    continueOnFail: () => options.continueOnFail ?? false,
    getExecutionCancelSignal: () => options.cancelSignal,
    helpers: {
      ...helpers,
      assertBinaryData(itemIndex: number, property: string): IBinaryData {
        const binary = items[itemIndex]?.binary?.[property];
        if (!binary) throw new NodeOperationError(node, `No binary data property "${property}" exists on item!`, { itemIndex });
        return binary;
      },
      async getBinaryDataBuffer(itemIndex: number, property: string): Promise<Buffer> {
        const binary = items[itemIndex]?.binary?.[property];
        if (!binary) throw new NodeOperationError(node, `No binary data property "${property}" exists on item!`, { itemIndex });
        return Buffer.from(binary.data, 'base64');
      },
    },
  } as unknown as IExecuteFunctions;
}

/** Runs a node's `execute` the way n8n calls it, with an `IExecuteFunctions` double. */
export async function runNode(nodeType: INodeType, options: RunOptions): Promise<INodeExecutionData[][]> {
  if (!nodeType.execute) throw new Error('not a programmatic node');
  return (await nodeType.execute.call(executeContext(nodeType, options))) as INodeExecutionData[][];
}

export interface WebhookCall {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  parameters: INodeParameters;
  credentials: KlingAiApiCredentials;
  nodeId?: string;
}

export interface WebhookOutcome {
  /** What the node answered itself (status and JSON), when it did. */
  answered: { status: number; body: unknown } | undefined;
  result: IWebhookResponseData;
}

/** Runs a trigger's `webhook` with an `IWebhookFunctions` double around a request's raw body. */
export async function runWebhook(nodeType: INodeType, call: WebhookCall): Promise<WebhookOutcome> {
  const node = nodeOf(nodeType, nodeParameters(nodeType, call.parameters), call.nodeId);
  const get = parameterGetter(node, undefined, nodeType);
  let answered: WebhookOutcome['answered'];
  const response = {
    statusCode: 200,
    status(code: number) {
      response.statusCode = code;
      return response;
    },
    json(body: unknown) {
      answered = { status: response.statusCode, body };
      return response;
    },
  };
  const request = {
    rawBody: call.rawBody,
    headers: call.headers,
    body: safeJson(call.rawBody),
    readRawBody: async () => undefined,
  };
  const context = {
    getNode: () => node,
    getWorkflow: () => ({ id: 'workflow-test', name: 'test', active: true }),
    getNodeParameter: (name: string, fallback?: unknown) => get(name, 0, fallback),
    getCredentials: async () => ({ ...call.credentials }),
    getRequestObject: () => request,
    getResponseObject: () => response,
    getHeaderData: () => call.headers,
    getBodyData: () => request.body as IDataObject,
    helpers,
  } as unknown as IWebhookFunctions;
  if (!nodeType.webhook) throw new Error('not a webhook node');
  const result = await nodeType.webhook.call(context);
  return { answered, result };
}

function safeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return {};
  }
}
