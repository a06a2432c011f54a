import type { Product, Standard } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';
import { parseDecimal, sumDecimals } from './decimal.js';
import { encodeHandle, isTaskId } from './handle.js';
import { arrayField, idField, isObject, objectField, textField, timeField, type JsonObject } from './record-fields.js';
import type { Task, TaskStatus, TaskVideo } from './types.js';

/** What the caller already knows about a task that its record does not say. */
export interface KnownTaskFacts {
  /** The product route the task was created or read on; records never name it. */
  product?: Product;
  /** Use this handle instead of building one. */
  handle?: string;
  /** The external id the create was sent with, for replies that do not echo it. */
  externalTaskId?: string;
}

/** Everything a record says by itself. */
type RecordFields = Omit<Task, 'handle' | 'standard' | 'product'>;

/**
 * Kling's status words, both standards (legacy says `succeed`). An unknown word is read as
 * `running`: not final, so the task keeps being followed rather than reported as done.
 */
const STATUSES: Readonly<Record<string, TaskStatus>> = {
  submitted: 'queued',
  processing: 'running',
  succeeded: 'succeeded',
  succeed: 'succeeded',
  failed: 'failed',
};

/** Which standard's record shape this is (`task_id` / `task_status` is legacy), or undefined. */
export function detectRecordShape(record: unknown): Standard | undefined {
  if (!isObject(record)) return undefined;
  if ('task_id' in record || 'task_status' in record) return 'legacy';
  if ('id' in record || 'status' in record) return 'new';
  return undefined;
}

/** A new-standard record (`GET /tasks`, `POST /tasks`, new-style callbacks). */
export function normalizeNewRecord(record: unknown, known: KnownTaskFacts = {}): Task {
  return toTask(readNewRecord(asRecord(record)), 'new', known);
}

/** A legacy record (`GET /v1/videos/<product>/<id>`, legacy callbacks). */
export function normalizeLegacyRecord(record: unknown, known: KnownTaskFacts = {}): Task {
  return toTask(readLegacyRecord(asRecord(record)), 'legacy', known);
}

/** A record of either shape. */
export function normalizeRecord(record: unknown, known: KnownTaskFacts = {}): Task {
  return detectRecordShape(record) === 'legacy' ? normalizeLegacyRecord(record, known) : normalizeNewRecord(record, known);
}

/**
 * The `data` of a create reply: new `{id, status, create_time, update_time, external_id}` or
 * legacy `{task_id, task_status, task_info:{external_task_id}, created_at, updated_at}`.
 * `standard` is the standard the create was sent on; it decides the handle.
 */
export function normalizeCreateReply(standard: Standard, data: unknown, known: KnownTaskFacts = {}): Task {
  const record = asRecord(data);
  const shape = detectRecordShape(record) ?? standard;
  const fields = shape === 'legacy' ? readLegacyRecord(record) : readNewRecord(record);
  return toTask(fields, standard, known);
}

function readNewRecord(record: JsonObject): RecordFields {
  const klingStatus = textField(record, 'status') ?? '';
  const status = toStatus(klingStatus);
  const videos = arrayField(record, 'outputs')
    .filter((output): output is JsonObject => isObject(output) && output['type'] === 'video')
    .flatMap(toVideo);
  const unitCharges = arrayField(record, 'billing')
    .filter((item): item is JsonObject => isObject(item) && item['charge_type'] === 'unit')
    .map((item) => item['amount']);
  return {
    id: requireId(record, 'id'),
    externalTaskId: textField(record, 'external_id') ?? textField(record, 'external_task_id'),
    status,
    klingStatus,
    videos,
    costUnits: cost(status, unitCharges.length > 0 ? sumDecimals(unitCharges) : undefined),
    failureMessage: status === 'failed' ? textField(record, 'message') : undefined,
    createdAt: timeField(record, 'create_time'),
    updatedAt: timeField(record, 'update_time'),
  };
}

function readLegacyRecord(record: JsonObject): RecordFields {
  const klingStatus = textField(record, 'task_status') ?? '';
  const status = toStatus(klingStatus);
  const info = objectField(record, 'task_info');
  const result = objectField(record, 'task_result');
  const videos = (result ? arrayField(result, 'videos') : []).filter(isObject).flatMap(toVideo);
  return {
    id: requireId(record, 'task_id'),
    externalTaskId: (info && textField(info, 'external_task_id')) ?? textField(record, 'external_task_id'),
    status,
    klingStatus,
    videos,
    costUnits: cost(status, parseDecimal(record['final_unit_deduction'])),
    failureMessage: status === 'failed' ? textField(record, 'task_status_msg') : undefined,
    createdAt: timeField(record, 'created_at'),
    updatedAt: timeField(record, 'updated_at'),
  };
}

function toTask(fields: RecordFields, standard: Standard, known: KnownTaskFacts): Task {
  const product = known.product;
  return {
    handle: known.handle ?? encodeHandle({ standard, product, id: fields.id }),
    id: fields.id,
    externalTaskId: fields.externalTaskId ?? known.externalTaskId,
    standard,
    product,
    status: fields.status,
    klingStatus: fields.klingStatus,
    videos: fields.videos,
    costUnits: fields.costUnits,
    failureMessage: fields.failureMessage,
    createdAt: fields.createdAt,
    updatedAt: fields.updatedAt,
  };
}

/** A video output; items without a URL carry nothing usable and are dropped. */
function toVideo(item: JsonObject): TaskVideo[] {
  const url = textField(item, 'url');
  if (url === undefined) return [];
  const video: TaskVideo = { id: idField(item, 'id') ?? '', url, duration: parseDecimal(item['duration']) };
  const watermarkUrl = textField(item, 'watermark_url');
  if (watermarkUrl !== undefined) video.watermarkUrl = watermarkUrl;
  return [video];
}

function toStatus(klingStatus: string): TaskStatus {
  return STATUSES[klingStatus.toLowerCase()] ?? 'running';
}

/** Failed tasks cost nothing (kling-api.md §4), even when the record has no bill to say so. */
function cost(status: TaskStatus, charged: number | undefined): number | undefined {
  return charged === undefined && status === 'failed' ? 0 : charged;
}

function asRecord(record: unknown): JsonObject {
  if (!isObject(record)) throw unexpectedRecord('not a JSON object');
  return record;
}

function requireId(record: JsonObject, key: string): string {
  const id = idField(record, key);
  if (id === undefined) {
    const value = record[key];
    throw unexpectedRecord(typeof value === 'number' ? `${key} is a number too large to be exact` : `no ${key}`);
  }
  if (!isTaskId(id)) throw unexpectedRecord(`${key} has characters a task id cannot have`);
  return id;
}

function unexpectedRecord(why: string): KlingError {
  return new KlingError({
    kind: 'server',
    message: `Kling returned an unexpected task record (${why})`,
    hint: 'The reply did not look like a Kling task; if a gateway sits in between, check that it passes Kling replies through.',
  });
}
