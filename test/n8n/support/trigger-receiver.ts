import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { KlingAiApiCredentials } from '../../../credentials/KlingAiApi.credentials.js';
import { KlingAiTrigger } from '../../../nodes/KlingAiTrigger/KlingAiTrigger.node.js';
import { runWebhook } from './n8n-context.js';

export interface Delivery {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  status: number;
  answer: unknown;
  /** The items the workflow would start with; undefined when it does not start. */
  started: INodeExecutionData[] | undefined;
}

/**
 * A real HTTP endpoint for Kling's callbacks that runs the Kling AI Trigger's `webhook` for each
 * request, the way n8n's webhook server does: the node's own answer, else 200.
 */
export async function triggerReceiver(parameters: INodeParameters, credentials: KlingAiApiCredentials, nodeId: string) {
  const trigger = new KlingAiTrigger();
  const deliveries: Delivery[] = [];
  const deliver = async (rawBody: Buffer, headers: IncomingHttpHeaders): Promise<Delivery> => {
    const { answered, result } = await runWebhook(trigger, { rawBody, headers, parameters, credentials, nodeId });
    const delivery: Delivery = {
      rawBody,
      headers,
      status: answered?.status ?? 200,
      answer: answered?.body ?? result.webhookResponse,
      started: result.workflowData?.[0],
    };
    deliveries.push(delivery);
    return delivery;
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliver(Buffer.concat(chunks), request.headers).then(
        (delivery) =>
          response.writeHead(delivery.status, { 'content-type': 'application/json' }).end(JSON.stringify(delivery.answer ?? {})),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook/test/kling`,
    deliveries,
    /** Runs the trigger on a request without HTTP (a forged or replayed call). */
    deliver,
    starts: () => deliveries.filter((delivery) => delivery.started !== undefined),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `check` until it returns a value (the tests never assert on time, only on outcomes). */
export async function eventually<T>(check: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
