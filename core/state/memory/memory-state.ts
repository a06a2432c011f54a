import type { StateFactory } from '../state.js';
import { MemoryBudgetLedger } from './memory-budget-ledger.js';
import { MemoryEventBus } from './memory-event-bus.js';
import { MemorySlotStore } from './memory-slot-store.js';
import { MemoryTaskStore } from './memory-task-store.js';

/** The embedded default: every store in this process's memory (the CLI, stdio MCP, the n8n nodes). */
export const memoryState: StateFactory = (_account, context) => ({
  slots: new MemorySlotStore(context),
  tasks: new MemoryTaskStore(context.now),
  bus: new MemoryEventBus(),
  budget: new MemoryBudgetLedger(context.now),
  shared: false,
  close: async () => undefined,
});
