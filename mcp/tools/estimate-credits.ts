import { estimate } from '../../core/index.js';
import { loadLocalImages } from '../../core/node.js';
import type { ToolContext } from '../context.js';
import { estimateOutput, estimateOutputSchema } from './estimate-output.js';
import { generationInputSchema, toGenerationRequest } from './generation-input.js';
import { errorResult, structuredResult } from './results.js';
import type { KlingTool } from './tool.js';

export function estimateCreditsTool(context: ToolContext): KlingTool<typeof generationInputSchema> {
  return {
    name: 'estimate_credits',
    title: 'Estimate the cost of a Kling video',
    description:
      'Prices a video before making it: takes the same inputs as generate_video and answers with resource-pack units, approximate US dollars and the price row used. Checks the inputs too (an invalid request is reported as generate_video would). No network, no API key needed, nothing is charged.',
    input: generationInputSchema,
    output: estimateOutputSchema,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(input) {
      try {
        const request = await loadLocalImages(toGenerationRequest(input), { allowedDirs: context.settings.imageDirs });
        return structuredResult(estimateOutput(estimate(request)));
      } catch (error) {
        return errorResult(error);
      }
    },
  };
}
