/** The outcome of a reservation: refused with what the window already holds. */
export type Reservation = { ok: true } | { ok: false; spent: number };

/**
 * Units spent per scope (an account, a gateway token) over a sliding window. A create reserves
 * its estimate atomically before it is sent — so concurrent creates cannot all pass one check —
 * and the reservation is settled with the real cost when the task ends.
 */
export interface BudgetLedger {
  /** Reserves `units` under `key` unless the window's total would exceed `limit`. */
  reserve(scope: string, key: string, units: number, limit: number, windowMs: number): Promise<Reservation>;
  /** Replaces a reservation with what the task really cost (0 for a failed task). */
  settle(scope: string, key: string, units: number): Promise<void>;
  /** Cancels a reservation: nothing was created. */
  release(scope: string, key: string): Promise<void>;
  /** Units spent or reserved in the window. */
  spent(scope: string, windowMs: number): Promise<number>;
  close?(): Promise<void>;
}
