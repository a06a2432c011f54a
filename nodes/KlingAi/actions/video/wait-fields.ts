import type { INodeProperties } from 'n8n-workflow';

/** Fields shared by the operations that wait for a task and may download its video. */
export const downloadFields = (operations: string[], extraShow: Record<string, unknown[]> = {}): INodeProperties[] => [
  {
    displayName: 'Download Video',
    name: 'downloadVideo',
    type: 'boolean',
    default: true,
    description: 'Whether to download the finished video into a binary property of the output item',
    displayOptions: { show: { resource: ['video'], operation: operations, ...extraShow } },
  },
  {
    displayName: 'Put Video in Field',
    name: 'binaryPropertyName',
    type: 'string',
    default: 'data',
    required: true,
    description: 'The binary property the MP4 is written to',
    displayOptions: { show: { resource: ['video'], operation: operations, downloadVideo: [true], ...extraShow } },
  },
];

export const maxWaitField: INodeProperties = {
  displayName: 'Max Wait (Seconds)',
  name: 'maxWaitSeconds',
  type: 'number',
  typeOptions: { minValue: 1 },
  default: 600,
  description:
    'How long to wait for the video. When the time is up first, the item still leaves by the normal output, without a video: done is false, waitEndedBy is "timeout" and handle continues the task (it keeps running) in Wait for Task. Branch on the done field (an If node), or turn on Fail on Timeout to make it an error.',
};

export const failOnTimeoutField: INodeProperties = {
  displayName: 'Fail on Timeout',
  name: 'failOnTimeout',
  type: 'boolean',
  default: false,
  description:
    "Whether a wait that ends before the video is ready is an error (handled by the node's On Error setting) instead of an item with done = false and the handle",
};

/** Reads the download choice: the binary property name, or undefined when not downloading. */
export function binaryPropertyOf(get: (name: string, fallback: unknown) => unknown): string | undefined {
  if (get('downloadVideo', true) !== true) return undefined;
  const name = String(get('binaryPropertyName', 'data')).trim();
  return name === '' ? 'data' : name;
}
