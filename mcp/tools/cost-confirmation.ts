import { acceptedContent, inputRequired, inputResponse, type CallToolResult, type InputRequiredResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { type Estimate, KlingError } from '../../core/index.js';
import { clientCapabilitiesOf, supportsFormElicitation } from '../client-capabilities.js';
import type { ToolContext } from '../context.js';
import { errorResult } from './results.js';
import type { ToolCall } from './tool.js';

/** The key of the one question this server asks; unique per tool call. */
const QUESTION = 'confirm_cost';
const answerSchema = z.object({ create: z.boolean() });

/**
 * The cost gate before a paid create, when KLING_CONFIRM_ABOVE_UNITS is set and the estimate
 * reaches it (an unknown estimate counts as reaching it). A client that can show a form is asked
 * (elicitation, by `input_required`: the SDK turns it into `elicitation/create` on 2025-era
 * sessions); any other client must pass `confirm: true`. Undefined means go ahead; anything else is
 * the answer to give instead, and nothing is created.
 */
export function confirmCost(
  context: ToolContext,
  call: ToolCall,
  priced: Estimate,
  confirm: boolean | undefined,
): CallToolResult | InputRequiredResult | undefined {
  const threshold = context.settings.confirmAboveUnits;
  if (threshold === undefined || (priced.units !== undefined && priced.units < threshold)) return undefined;
  const summary = describe(priced);

  if (supportsFormElicitation(clientCapabilitiesOf(call))) {
    const answer = inputResponse(call.ctx.mcpReq.inputResponses, QUESTION);
    if (answer.kind === 'missing') {
      return inputRequired({
        inputRequests: {
          [QUESTION]: inputRequired.elicit({
            message: `Create this Kling video? Estimated ${summary}. Nothing is created or charged if you decline.`,
            requestedSchema: {
              type: 'object',
              properties: { create: { type: 'boolean', title: 'Create the video', description: `Estimated ${summary}` } },
              required: ['create'],
            },
          }),
        },
      });
    }
    if (acceptedContent(call.ctx.mcpReq.inputResponses, QUESTION, answerSchema)?.create === true) return undefined;
    const how =
      answer.kind === 'elicit' && answer.action === 'decline'
        ? 'declined'
        : answer.kind === 'elicit' && answer.action === 'cancel'
          ? 'cancelled'
          : 'did not confirm';
    context.log('info', `the user ${how} the cost of a generate_video; nothing was created`, { units: priced.units });
    return errorResult(
      new KlingError({
        kind: 'cancelled',
        message: `The user ${how} the video (estimated ${summary}): nothing was created.`,
        hint: 'Nothing was created or charged. Do not call generate_video again unless the user asks for the video.',
      }),
    );
  }

  if (confirm === true) return undefined;
  return errorResult(
    new KlingError({
      kind: 'budget',
      field: 'confirm',
      message: `confirm: this video is estimated at ${summary}, at or above this server's confirmation threshold (KLING_CONFIRM_ABOVE_UNITS=${threshold})`,
      hint: 'Ask the user. If they agree, call generate_video again with the same arguments and confirm: true. Nothing was created or charged.',
    }),
  );
}

/** `12 units (about $1.68): kling-3.0 text-to-video, 10 s, 1080p, native audio`. */
function describe(priced: Estimate): string {
  const cost = priced.units === undefined ? 'an unknown number of units' : `${priced.units} units (about $${priced.usd})`;
  const seconds = priced.seconds === undefined ? 'length of the input video' : `${priced.seconds} s`;
  return `${cost}: ${priced.model} ${priced.product}, ${seconds}, ${priced.row.resolution}, ${priced.row.variant}`;
}
