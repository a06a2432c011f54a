import type { EventBus } from '../event-bus.js';

/** The embedded bus: delivery within this process, synchronously. */
export class MemoryEventBus implements EventBus {
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();

  async publish(topic: string, payload: string): Promise<void> {
    for (const handler of [...(this.handlers.get(topic) ?? [])]) handler(payload);
  }

  async subscribe(topic: string, handler: (payload: string) => void): Promise<() => void> {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }
}
