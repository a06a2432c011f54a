/**
 * Wake-ups between processes that share state: a task ended (its waiters anywhere resolve), a
 * task should be read now (a callback's hint). Delivery is best effort; the store stays the truth.
 */
export interface EventBus {
  publish(topic: string, payload: string): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (payload: string) => void): Promise<() => void>;
  close?(): Promise<void>;
}
