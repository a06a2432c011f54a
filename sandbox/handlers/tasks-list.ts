import { z } from 'zod';
import { KlingError } from '../../core/errors/kling-error.js';
import { parseWire } from '../../core/decode/index.js';
import { jsonBody } from '../http/body.js';
import { invalidParameter } from '../http/kling-failure.js';
import { klingData, type HandlerContext, type Reply } from '../http/types.js';
import { newStandardRecord } from '../records/new-standard.js';
import { TASK_STATUSES, type SandboxTask } from '../tasks/task.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PRODUCT_TYPES = ['video', 'image', 'try_on'];

const listSchema = z
  .object({
    start_time: z.number().int().optional(),
    end_time: z.number().int().optional(),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(500).optional(),
    filters: z.array(z.object({ key: z.enum(['status', 'product_type']), values: z.array(z.string()) }).strict()).optional(),
  })
  .strict();

interface Cursor {
  /** Continue with tasks created before this one. */
  before: number;
  start: number;
  end: number;
}

/**
 * `POST /tasks`: the account's tasks, newest first, in the new shape, filtered by creation time,
 * status and product type, `limit` at a time with an opaque cursor.
 */
export function listTasks(context: HandlerContext): Reply {
  let body: z.infer<typeof listSchema>;
  try {
    body = parseWire(listSchema, jsonBody(context.body), 'POST /tasks');
  } catch (error) {
    if (error instanceof KlingError) throw invalidParameter(error.message);
    throw error;
  }
  const { engine } = context;
  engine.catchUp();
  const cursor = body.cursor ? readCursor(body.cursor) : undefined;
  const end = cursor?.end ?? body.end_time ?? engine.clock.now();
  const start = cursor?.start ?? body.start_time ?? end - 30 * DAY_MS;
  if (start >= end) throw invalidParameter('start_time must be earlier than end_time');

  const statuses = filterValues(body.filters, 'status');
  statuses?.forEach((status) => {
    if (!(TASK_STATUSES as readonly string[]).includes(status)) {
      throw invalidParameter(`filters: status '${status}' is not allowed (allowed: ${TASK_STATUSES.join(', ')})`);
    }
  });
  const productTypes = filterValues(body.filters, 'product_type');
  productTypes?.forEach((type) => {
    if (!PRODUCT_TYPES.includes(type))
      throw invalidParameter(`filters: product_type '${type}' is not allowed (allowed: ${PRODUCT_TYPES.join(', ')})`);
  });

  const matching = engine.tasks
    .ofAccount(context.caller!.account.id)
    .filter(
      (task: SandboxTask) =>
        task.createdAt >= start &&
        task.createdAt <= end &&
        (cursor === undefined || task.seq < cursor.before) &&
        (statuses === undefined || statuses.includes(task.status)) &&
        (productTypes === undefined || productTypes.includes('video')),
    );
  const limit = body.limit ?? 100;
  const page = matching.slice(0, limit);
  const hasMore = matching.length > limit;
  const last = page[page.length - 1];
  return klingData({
    result: page.map((task) => newStandardRecord(task, engine.baseUrl)),
    count: page.length,
    next_cursor: hasMore && last ? writeCursor({ before: last.seq, start, end }) : '',
    has_more: hasMore,
  });
}

function filterValues(filters: z.infer<typeof listSchema>['filters'], key: string): string[] | undefined {
  const found = filters?.filter((filter) => filter.key === key);
  return found && found.length > 0 ? found.flatMap((filter) => filter.values) : undefined;
}

function writeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function readCursor(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if ([cursor.before, cursor.start, cursor.end].every(Number.isFinite)) return cursor;
  } catch {
    // fall through
  }
  throw invalidParameter('cursor: not a cursor this endpoint returned (use next_cursor)');
}
