import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { iso } from '../../helpers/task-json.js';
import type { RunContext } from '../run-context.js';

export const description = [];

/** The account's resource packs and the video units left (Kling's figure may be up to 12 h old). */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<INodeExecutionData[]> {
  const client = await run.client();
  const summary = await client.account({ signal: run.signal });
  return [
    {
      json: {
        remainingVideoUnits: summary.remainingVideoUnits,
        nextExpiry: iso(summary.nextExpiry),
        serverDate: summary.serverDate,
        packs: summary.packs.map((pack) => ({
          ...pack,
          purchasedAt: iso(pack.purchasedAt),
          effectiveAt: iso(pack.effectiveAt),
          expiresAt: iso(pack.expiresAt),
        })),
      },
      pairedItem: { item: itemIndex },
    },
  ];
}
