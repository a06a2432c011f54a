import type { IBinaryData, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Task } from '../../../core/index.js';

/** Downloads a finished task's first video into n8n binary data (`kling-<task id>.mp4`). */
export async function downloadVideo(
  context: IExecuteFunctions | IWebhookFunctions,
  task: Task,
  signal?: AbortSignal,
): Promise<IBinaryData> {
  const video = task.videos[0];
  if (!video) {
    throw new NodeOperationError(context.getNode(), `Task ${task.id} has no video to download (status: ${task.status})`);
  }
  const response = (await context.helpers.httpRequest({
    method: 'GET',
    url: video.url,
    encoding: 'arraybuffer',
    returnFullResponse: true,
    timeout: 300_000,
    ...(signal ? { abortSignal: signal } : {}),
  })) as { body: ArrayBuffer | Buffer; headers: Record<string, string | undefined> };
  const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
  const type = response.headers['content-type']?.split(';')[0]?.trim();
  const mimeType = type && type !== 'application/octet-stream' ? type : 'video/mp4';
  return context.helpers.prepareBinaryData(body, `kling-${task.id}.mp4`, mimeType);
}
