import type { INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import type { TaskStatus } from '../../core/index.js';
import { downloadVideo } from '../KlingAi/helpers/download.js';
import { taskJson } from '../KlingAi/helpers/task-json.js';
import { klingAiApiTest } from '../KlingAi/methods/credentialTest.js';
import { clientFor, credentialsOf } from '../KlingAi/transport/index.js';
import { checkCallback } from './callback-check.js';
import { deduperFor } from './dedupers.js';

/** The canvas subtitle: the chosen events in words, not their values. */
const SUBTITLE = [
  '$parameter["events"].includes("any") ? "Any status change"',
  ': $parameter["events"].includes("succeeded") && $parameter["events"].includes("failed") ? "Task succeeded or failed"',
  ': $parameter["events"].includes("succeeded") ? "Task succeeded"',
  ': $parameter["events"].includes("failed") ? "Task failed" : "No events"',
].join(' ');

const EVENTS: Record<string, readonly TaskStatus[]> = {
  succeeded: ['succeeded'],
  failed: ['failed'],
  any: ['queued', 'running', 'succeeded', 'failed'],
};

export class KlingAiTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Kling AI Trigger',
    name: 'klingAiTrigger',
    icon: { light: 'file:klingAiTrigger.svg', dark: 'file:klingAiTrigger.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: `={{ ${SUBTITLE} }}`,
    // n8n shows this description on the "Kling AI" app entry too (the app merged with its
    // trigger), so it speaks for the app as a whole.
    description: 'Generate videos with Kling AI and start workflows when a video task finishes',
    eventTriggerDescription: 'Waiting for Kling to report a video task (Callback URL of a Kling AI node)',
    activationMessage: 'Kling AI now starts this workflow when it calls the Production URL back about a video task.',
    defaults: { name: 'Kling AI Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'klingAiApi', required: true, testedBy: 'klingAiApiTest' }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'kling' }],
    properties: [
      {
        displayName:
          'Kling has no webhook registration: each task carries its own Callback URL. Open "Webhook URLs" at the top of this panel, choose "Production URL" and copy it into the Callback URL option of a Kling AI node (Video → Generate → Options → Callback URL, usually with Wait for Completion off). Then publish this workflow. Kling calls the URL on every status change of the task. (The Test URL works only while this panel listens for a test event.)',
        name: 'notice',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        options: [
          { name: 'Any Status Change', value: 'any', description: 'Queued, running, succeeded and failed' },
          { name: 'Task Failed', value: 'failed' },
          { name: 'Task Succeeded', value: 'succeeded' },
        ],
        default: ['succeeded', 'failed'],
        description: 'Which task statuses start the workflow; repeats of a status already seen never do',
      },
      {
        displayName: 'Confirm Unsigned Callbacks',
        name: 'confirmWithApi',
        type: 'boolean',
        default: true,
        description:
          "Whether to re-read the task from Kling's API before trusting a callback, when the credential has no webhook secret. With a secret, the signature is checked instead and forged or stale calls are answered 401.",
      },
      {
        displayName: 'Download Video',
        name: 'downloadVideo',
        type: 'boolean',
        default: false,
        description: 'Whether to download the video of a succeeded task into a binary property',
      },
      {
        displayName: 'Put Video in Field',
        name: 'binaryPropertyName',
        type: 'string',
        default: 'data',
        required: true,
        displayOptions: { show: { downloadVideo: [true] } },
      },
    ],
  };

  methods = { credentialTest: { klingAiApiTest } };

  // Kling has no API to register callbacks: the URL travels with each task. Nothing to set up.
  webhookMethods = {
    default: {
      async checkExists(this: unknown): Promise<boolean> {
        return false;
      },
      async create(this: unknown): Promise<boolean> {
        return true;
      },
      async delete(this: unknown): Promise<boolean> {
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const request = this.getRequestObject();
    const response = this.getResponseObject();
    if (request.rawBody === undefined) await request.readRawBody();
    const rawBody = request.rawBody ?? Buffer.alloc(0);

    const credentials = await credentialsOf(this);
    const client = clientFor(this, credentials);
    const check = await checkCallback(client, rawBody, this.getHeaderData(), {
      webhookSecret: credentials.webhookSecret?.trim() || undefined,
      confirmWithApi: this.getNodeParameter('confirmWithApi', true) !== false,
    });
    if (!check.ok) {
      response.status(check.status).json({ error: check.reason });
      return { noWebhookResponse: true };
    }

    const node = this.getNode();
    // A repeat or a replay of a signed callback (the client remembers webhook ids for the signature's window).
    if (check.duplicate || !deduperFor(this.getWorkflow().id, node.id ?? node.name).accept(check.task)) {
      return { webhookResponse: { received: true, duplicate: true } };
    }
    const events = this.getNodeParameter('events', ['succeeded', 'failed']) as string[];
    if (!events.some((event) => EVENTS[event]?.includes(check.task.status))) {
      return { webhookResponse: { received: true, ignored: check.task.status } };
    }

    // Answer Kling now; the download (if any) happens before the workflow starts.
    response.status(200).json({ received: true });
    const item: INodeExecutionData = { json: { ...taskJson(check.task), verifiedBy: check.verifiedBy } };
    const property = String(this.getNodeParameter('binaryPropertyName', 'data')).trim() || 'data';
    if (this.getNodeParameter('downloadVideo', false) === true && check.task.status === 'succeeded' && check.task.videos.length > 0) {
      try {
        item.binary = { [property]: await downloadVideo(this, check.task) };
      } catch (error) {
        // Kling already has its 200: the workflow still starts, with the reason instead of the file.
        item.json.downloadError = error instanceof Error ? error.message : String(error);
      }
    }
    return { workflowData: [[item]], noWebhookResponse: true };
  }
}
