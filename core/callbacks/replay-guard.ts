/**
 * Remembers the `webhook-id` of every verified callback for as long as its signature stays valid
 * (the timestamp tolerance), so a captured callback cannot be replayed inside that window — however
 * many other callbacks arrive meanwhile. Entries leave when their window closes.
 */
export class ReplayGuard {
  readonly #expiries = new Map<string, number>();

  /** True the first time an id is seen in its window; false for a replay. `expiresAt` in Unix seconds. */
  admit(webhookId: string, expiresAt: number, nowSeconds: number): boolean {
    this.#prune(nowSeconds);
    if (this.#expiries.has(webhookId)) return false;
    this.#expiries.set(webhookId, expiresAt);
    return true;
  }

  /** Forgets an id, so that a callback that could not be delivered may come again. */
  forget(webhookId: string): void {
    this.#expiries.delete(webhookId);
  }

  get size(): number {
    return this.#expiries.size;
  }

  #prune(nowSeconds: number): void {
    // Insertion order is close to expiry order (one tolerance per entry): stop at the first live one.
    for (const [id, expiresAt] of this.#expiries) {
      if (expiresAt > nowSeconds) break;
      this.#expiries.delete(id);
    }
  }
}
