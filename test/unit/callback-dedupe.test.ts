import { describe, expect, it } from 'vitest';
import { CallbackDeduper } from '../../core/callbacks/dedupe.js';
import type { Task, TaskStatus } from '../../core/task/types.js';

function task(id: string, status: TaskStatus, updatedAt?: number): Task {
  return {
    handle: `kt1.n._.${id}`,
    id,
    externalTaskId: undefined,
    standard: 'new',
    product: undefined,
    status,
    klingStatus: status,
    videos: [],
    costUnits: undefined,
    failureMessage: undefined,
    createdAt: undefined,
    updatedAt,
  };
}

const ID = '8651022454479134889';

describe('CallbackDeduper', () => {
  it('accepts each new status once, in order', () => {
    const deduper = new CallbackDeduper();
    expect(deduper.accept(task(ID, 'queued', 1))).toBe(true);
    expect(deduper.accept(task(ID, 'running', 2))).toBe(true);
    expect(deduper.accept(task(ID, 'succeeded', 3))).toBe(true);
  });

  it('refuses a repeat of the same status', () => {
    const deduper = new CallbackDeduper();
    expect(deduper.accept(task(ID, 'running', 2))).toBe(true);
    expect(deduper.accept(task(ID, 'running', 2))).toBe(false);
    expect(deduper.accept(task(ID, 'running', 5))).toBe(false);
  });

  it('refuses a stale status that arrives after a later one', () => {
    const deduper = new CallbackDeduper();
    expect(deduper.accept(task(ID, 'succeeded', 3))).toBe(true);
    expect(deduper.accept(task(ID, 'running', 2))).toBe(false);
    expect(deduper.accept(task(ID, 'queued', 1))).toBe(false);
  });

  it('lets a skipped status through (queued straight to failed)', () => {
    const deduper = new CallbackDeduper();
    expect(deduper.accept(task(ID, 'queued'))).toBe(true);
    expect(deduper.accept(task(ID, 'failed'))).toBe(true);
  });

  it('keeps the first final status unless a later update overrules it', () => {
    const deduper = new CallbackDeduper();
    expect(deduper.accept(task(ID, 'succeeded', 10))).toBe(true);
    expect(deduper.accept(task(ID, 'failed', 9))).toBe(false);
    expect(deduper.accept(task(ID, 'failed'))).toBe(false);
    expect(deduper.accept(task(ID, 'failed', 11))).toBe(true);
  });

  it('follows tasks independently', () => {
    const deduper = new CallbackDeduper();
    expect(deduper.accept(task('1', 'succeeded'))).toBe(true);
    expect(deduper.accept(task('2', 'queued'))).toBe(true);
    expect(deduper.accept(task('1', 'succeeded'))).toBe(false);
  });

  it('forgets on request', () => {
    const deduper = new CallbackDeduper();
    deduper.accept(task(ID, 'succeeded'));
    deduper.forget(ID);
    expect(deduper.accept(task(ID, 'succeeded'))).toBe(true);
  });

  it('remembers at most maxIds tasks, forgetting the least recently seen', () => {
    const deduper = new CallbackDeduper({ maxIds: 3 });
    for (const id of ['1', '2', '3']) deduper.accept(task(id, 'running'));
    expect(deduper.accept(task('1', 'running'))).toBe(false);
    deduper.accept(task('4', 'running'));
    expect(deduper.size).toBe(3);
    expect(deduper.accept(task('2', 'running'))).toBe(true);
    expect(deduper.accept(task('1', 'running'))).toBe(false);
  });

  it('holds 10 000 ids by default and no more', () => {
    const deduper = new CallbackDeduper();
    for (let index = 0; index < 10_500; index += 1) deduper.accept(task(String(index), 'queued'));
    expect(deduper.size).toBe(10_000);
    expect(deduper.accept(task('10499', 'queued'))).toBe(false);
    expect(deduper.accept(task('0', 'queued'))).toBe(true);
  });
});
