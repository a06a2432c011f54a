import { z } from 'zod';
import { type Estimate, USD_PER_UNIT } from '../../core/index.js';

export const estimateOutputSchema = z.object({
  model: z.string().describe('Model id the price is for'),
  product: z.string().describe('Product the price is for (text-to-video, image-to-video, …)'),
  units: z
    .number()
    .optional()
    .describe('Resource-pack units the task would cost; absent when the length is unknown (motion control without motion_video_seconds)'),
  usd: z.number().optional().describe(`Approximate US dollars (units × ${USD_PER_UNIT})`),
  seconds: z.number().optional().describe('Seconds of video the price is computed for'),
  price: z
    .object({
      variant: z.string().describe('Price row used (e.g. "no audio", "native audio")'),
      resolution: z.string(),
      per_second: z.number().optional().describe('Units per second of video'),
      per_clip: z.number().optional().describe('Units per clip (older models priced per 5 s / 10 s clip)'),
    })
    .describe('The catalog price row'),
  assumptions: z.array(z.string()).describe('What the figure assumes'),
});

export type EstimateOutput = z.infer<typeof estimateOutputSchema>;

export function estimateOutput(estimate: Estimate): EstimateOutput {
  return {
    model: estimate.model,
    product: estimate.product,
    ...(estimate.units !== undefined && { units: estimate.units }),
    ...(estimate.usd !== undefined && { usd: estimate.usd }),
    ...(estimate.seconds !== undefined && { seconds: estimate.seconds }),
    price: {
      variant: estimate.row.variant,
      resolution: estimate.row.resolution,
      ...(estimate.row.perSecond !== undefined && { per_second: estimate.row.perSecond }),
      ...(estimate.row.perClip !== undefined && { per_clip: estimate.row.perClip }),
    },
    assumptions: estimate.assumptions,
  };
}
