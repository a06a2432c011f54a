import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { estimate } from '../../../../core/index.js';
import { generationRequestFrom } from '../../helpers/generation-request.js';
import { catalogShows } from '../../helpers/catalog-fields.js';
import { optionApplies, optionEntries } from './request-options.js';

const PRICED_OPTIONS = ['elementIds', 'motionVideoSeconds', 'voiceIds'] as const;

/** The options that change a price, shown only for the models and products that take one of them. */
const properties: INodeProperties[] = catalogShows((spec, product) =>
  PRICED_OPTIONS.some((name) => optionApplies(name, spec, product)),
).map(({ models, products }) => ({
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add Option',
  default: {},
  options: PRICED_OPTIONS.flatMap((name) => optionEntries(name)),
  displayOptions: { show: { model: models, product: products } },
}));

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
