import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { estimate } from '../../../../core/index.js';
import { generationRequestFrom } from '../../helpers/generation-request.js';
import { requestOptions } from './request-options.js';

const properties: INodeProperties[] = [
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [requestOptions.elementIds!, requestOptions.motionVideoSeconds!, requestOptions.voiceIds!],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['estimate'] } }, properties);

/** Prices the same request Generate would send, from the catalog: no network, nothing charged. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const request = await generationRequestFrom(this, itemIndex);
  const result = estimate(request);
  return [
    {
      json: {
        model: result.model,
        product: result.product,
        units: result.units,
        usd: result.usd,
        seconds: result.seconds,
        variant: result.row.variant,
        resolution: result.row.resolution,
        unitsPerSecond: result.row.perSecond,
        unitsPerClip: result.row.perClip,
        assumptions: result.assumptions,
      },
      pairedItem: { item: itemIndex },
    },
  ];
}
