import type { BudgetLedger } from './budget-ledger.js';
import type { EventBus } from './event-bus.js';
import type { SlotStore } from './slot-store.js';
import type { TaskStore } from './task-store.js';

/** The four seams of shared state, for one Kling account. */
export interface StateStores {
  slots: SlotStore;
  tasks: TaskStore;
  bus: EventBus;
  budget: BudgetLedger;
  /**
   * Whether the stores are shared with other processes. A shared store's claims expire, so a
   * process polls for work that other processes scheduled, and adopts the creates of a process
   * that died mid-create.
   */
  shared: boolean;
  close(): Promise<void>;
}

/** Builds the stores for an account; `account` namespaces every key, so accounts never mix. */
export type StateFactory = (account: string, context: StateContext) => StateStores;

/** What the stores need from the client: its platform's clock and timers, and its time scale. */
export interface StateContext {
  now(): number;
  schedule(ms: number, run: () => void, options?: { keepAlive?: boolean }): () => void;
  /** Below 1 against a fast-clock sandbox: scales the stores' own delays (capacity recovery, leases). */
  scale(): number;
}
