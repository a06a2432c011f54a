import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** The decrypted credential as the nodes read it. */
export interface KlingAiApiCredentials {
  authentication: 'apiKey' | 'accessKey' | 'gateway';
  apiKey?: string;
  accessKey?: string;
  secretKey?: string;
  gatewayToken?: string;
  gatewayStandard?: 'legacy' | 'new';
  region: 'global' | 'china' | 'custom';
  baseUrl?: string;
  webhookSecret?: string;
  concurrency?: number;
}

/**
 * How the Kling AI nodes reach Kling. Tokens are never shown: with an access key + secret key the
 * nodes sign and renew the short-lived JWT themselves. The test lives on the Kling AI node
 * (`klingAiApiTest`), because it needs the project's client rather than a plain HTTP request.
 */
export class KlingAiApi implements ICredentialType {
  name = 'klingAiApi';

  displayName = 'Kling AI API';

  icon: Icon = { light: 'file:../nodes/KlingAi/klingAi.svg', dark: 'file:../nodes/KlingAi/klingAi.dark.svg' };

  documentationUrl = 'https://github.com/n8n-nodes-kling/n8n-nodes-kling/blob/main/nodes/README.md#credential';

  properties: INodeProperties[] = [
    {
      displayName: 'Authentication',
      name: 'authentication',
      type: 'options',
      options: [
        {
          name: 'API Key',
          value: 'apiKey',
          description: 'A key from the Kling console (API keys page). Works on every endpoint.',
        },
        {
          name: 'Access Key + Secret Key',
          value: 'accessKey',
          description: 'The older key pair. The node signs and renews the token itself; only the legacy endpoints accept it.',
        },
        {
          name: 'Gateway Token',
          value: 'gateway',
          description: 'A static bearer token of a gateway that re-serves Kling (302.ai, New API and similar)',
        },
      ],
      default: 'apiKey',
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      displayOptions: { show: { authentication: ['apiKey'] } },
    },
    {
      displayName: 'Access Key',
      name: 'accessKey',
      type: 'string',
      required: true,
      default: '',
      displayOptions: { show: { authentication: ['accessKey'] } },
    },
    {
      displayName: 'Secret Key',
      name: 'secretKey',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      displayOptions: { show: { authentication: ['accessKey'] } },
    },
    {
      displayName: 'Gateway Token',
      name: 'gatewayToken',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      displayOptions: { show: { authentication: ['gateway'] } },
    },
    {
      displayName: 'Gateway Request Style',
      name: 'gatewayStandard',
      type: 'options',
      options: [
        { name: 'Legacy (/v1/videos/…)', value: 'legacy', description: 'What most gateways re-serve' },
        { name: 'New (/<product>/<model>)', value: 'new' },
      ],
      default: 'legacy',
      displayOptions: { show: { authentication: ['gateway'] } },
    },
    {
      displayName: 'Region',
      name: 'region',
      type: 'options',
      options: [
        { name: 'Global (api-singapore.klingai.com)', value: 'global' },
        { name: 'China (api-beijing.klingai.com)', value: 'china' },
        { name: 'Custom Base URL', value: 'custom', description: 'A gateway, or the local sandbox' },
      ],
      default: 'global',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      required: true,
      default: '',
      placeholder: 'e.g. http://127.0.0.1:8787 or https://gateway.example/klingai',
      description: 'Where requests go, with any path prefix the gateway needs',
      displayOptions: { show: { region: ['custom'] } },
    },
    {
      displayName: 'Webhook Secret',
      name: 'webhookSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      placeholder: 'whsec_…',
      description:
        'The callback signing secret from the Kling console. With it the Kling AI Trigger refuses callbacks that are not signed by Kling; without it the trigger re-reads each task from the API.',
    },
    {
      displayName: 'Concurrency',
      name: 'concurrency',
      type: 'number',
      typeOptions: { minValue: 1, maxValue: 100 },
      default: 5,
      description:
        'Tasks running at once per model, as your resource pack allows (a trial pack allows 5). Extra items wait in a queue instead of failing.',
    },
  ];
}
