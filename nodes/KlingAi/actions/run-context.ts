import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { KlingClient } from '../../../core/index.js';

/** What every operation gets besides n8n's context: the shared client and a cancel signal. */
export interface RunContext {
  /** The core client for the node's credential (created on first use). */
  client(): Promise<KlingClient>;
  /** Aborted when the execution is cancelled, or when another item failed and the node stops. */
  signal: AbortSignal;
}

export type OperationExecute = (this: IExecuteFunctions, itemIndex: number, run: RunContext) => Promise<INodeExecutionData[]>;

/** One operation of the node: what runs per item, and optionally a free check of an item's input first. */
export interface Operation {
  execute: OperationExecute;
  /** Throws when the item's input is invalid; sends nothing. */
  check?: (this: IExecuteFunctions, itemIndex: number) => Promise<void>;
}
