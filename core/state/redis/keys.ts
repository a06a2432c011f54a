/*
 * Every key of one Kling account: versioned (`kling:v1:`), and with the account in a hash tag
 * (`{…}`), so that Redis Cluster keeps an account's keys in one slot and a script may touch any
 * of them. A change of layout that old processes cannot read gets a new version, never a reuse.
 */

const VERSION = 'kling:v1';

/** The key names of one account. */
export class AccountKeys {
  readonly prefix: string;

  constructor(account: string) {
    // The tag holds the account key as the core makes it (a hash); braces in it would break the tag.
    this.prefix = `${VERSION}:{${account.replace(/[{}]/g, '_')}}`;
  }

  /** A pool's counters, leases held, waiters in order, waiters alive and grants not yet taken. */
  pool(pool: string): { meta: string; held: string; queue: string; alive: string; grants: string } {
    const base = `${this.prefix}:slots:${pool}`;
    return { meta: `${base}:meta`, held: `${base}:held`, queue: `${base}:queue`, alive: `${base}:alive`, grants: `${base}:grants` };
  }

  /** Where a release announces the waiters it granted a slot to (one channel per account). */
  get grantsChannel(): string {
    return `${this.prefix}:slots:granted`;
  }

  /** Followed tasks: the record, the last state read, polls so far, due time; two schedules; tombstones. */
  get tasks(): { records: string; last: string; polls: string; due: string; batchable: string; single: string; ended: string } {
    const base = `${this.prefix}:tasks`;
    return {
      records: base,
      last: `${base}:last`,
      polls: `${base}:polls`,
      due: `${base}:due`,
      batchable: `${base}:schedule:batchable`,
      single: `${base}:schedule:single`,
      ended: `${base}:ended`,
    };
  }

  /** Creates recorded before their POST, and until when their process keeps each alive. */
  get creates(): { records: string; alive: string } {
    return { records: `${this.prefix}:creates`, alive: `${this.prefix}:creates:alive` };
  }

  /** Set once per store lifetime: its absence means a new store, or one that lost its data. */
  get marker(): string {
    return `${this.prefix}:state`;
  }

  budget(scope: string): { at: string; units: string } {
    const base = `${this.prefix}:budget:${scope}`;
    return { at: `${base}:at`, units: `${base}:units` };
  }

  channel(topic: string): string {
    return `${this.prefix}:bus:${topic}`;
  }
}
