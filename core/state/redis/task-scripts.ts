import { script } from './connection.js';

/*
 * The followed tasks of one account. KEYS 1–7: records (hash id → schedule letter + JSON), last
 * (hash id → the last state read, JSON), polls (hash), due (hash id → scheduled read), the two
 * schedules (zsets: `/tasks`-batchable and the others; score = due time, or until when a claim
 * holds the task), ended (zset id → when it ended: tombstones, so an ended task is not followed
 * again). Due times and claims are on the processes' clock (they schedule reads); tombstones on
 * the server's. The step to a final status happens in `END`, atomically: one caller gets the record.
 */
const TASK_PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function schedule_of(record)
  if string.sub(record, 1, 1) == 'b' then return KEYS[5] end
  return KEYS[6]
end

local function fields(id)
  return { redis.call('HGET', KEYS[1], id) or false, redis.call('HGET', KEYS[2], id) or false, redis.call('HGET', KEYS[3], id) or false, redis.call('HGET', KEYS[4], id) or false }
end

local function remove(id, record)
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  redis.call('ZREM', schedule_of(record), id)
end
`;

/** KEYS 8: the held leases of the task's pool (any key of the account when it holds none). ARGV: id, record, last, polls, dueAt, lease. Reply: 1 added, 0 not. */
export const ADD = script(`${TASK_PRELUDE}
local id = ARGV[1]
if redis.call('HEXISTS', KEYS[1], id) == 1 or redis.call('ZSCORE', KEYS[7], id) then return 0 end
redis.call('HSET', KEYS[1], id, ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], id, ARGV[3]) end
redis.call('HSET', KEYS[3], id, ARGV[4])
redis.call('HSET', KEYS[4], id, ARGV[5])
redis.call('ZADD', schedule_of(ARGV[2]), ARGV[5], id)
-- The lease now lives as long as this record.
if ARGV[6] ~= '' then redis.call('ZADD', KEYS[8], 'inf', ARGV[6]) end
return 1
`);

/** ARGV: id. Reply: record, last, polls, due (false when absent). */
export const GET = script(`${TASK_PRELUDE}
return fields(ARGV[1])
`);

/** ARGV: until, limit, batchable only (1/0), claim until. Reply: flat [record, last, polls, due] × n, earliest due first. */
export const CLAIM_DUE = script(`${TASK_PRELUDE}
local limit = tonumber(ARGV[2])
local function due(schedule)
  local found = redis.call('ZRANGEBYSCORE', schedule, '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, limit)
  local list = {}
  for i = 1, #found, 2 do list[#list + 1] = { id = found[i], at = tonumber(found[i + 1]), schedule = schedule } end
  return list
end
local a = due(KEYS[5])
local b = {}
if ARGV[3] ~= '1' then b = due(KEYS[6]) end
local i, j, result, taken = 1, 1, {}, 0
while taken < limit and (a[i] or b[j]) do
  local pick
  if a[i] and (not b[j] or a[i].at <= b[j].at) then pick = a[i]; i = i + 1 else pick = b[j]; j = j + 1 end
  redis.call('ZADD', pick.schedule, ARGV[4], pick.id)
  for _, value in ipairs(fields(pick.id)) do result[#result + 1] = value end
  taken = taken + 1
end
return result
`);

/** ARGV: [id, dueAt, polls or '', last or ''] × n. Ended tasks are left alone. */
export const RESCHEDULE = script(`${TASK_PRELUDE}
for i = 1, #ARGV, 4 do
  local id = ARGV[i]
  local record = redis.call('HGET', KEYS[1], id)
  if record then
    redis.call('HSET', KEYS[4], id, ARGV[i + 1])
    if ARGV[i + 2] ~= '' then redis.call('HSET', KEYS[3], id, ARGV[i + 2]) end
    if ARGV[i + 3] ~= '' then redis.call('HSET', KEYS[2], id, ARGV[i + 3]) end
    redis.call('ZADD', schedule_of(record), ARGV[i + 1], id)
  end
end
return 1
`);

/**
 * ARGV: id, final (1: the task ended, leave a tombstone; 0: dropped unfinished), tombstone ms.
 * Reply: the record's fields for the one caller that removed it; false for everyone after.
 */
export const END = script(`${TASK_PRELUDE}
local id = ARGV[1]
local found = fields(id)
if not found[1] then return false end
remove(id, found[1])
if ARGV[2] == '1' then
  local now = now_ms()
  redis.call('ZADD', KEYS[7], now, id)
  redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', now - tonumber(ARGV[3]))
end
return found
`);

/** Reply: [tasks followed, earliest due or ''] */
export const SUMMARY = script(`${TASK_PRELUDE}
local count = redis.call('ZCARD', KEYS[5]) + redis.call('ZCARD', KEYS[6])
local next = false
for _, schedule in ipairs({ KEYS[5], KEYS[6] }) do
  local top = redis.call('ZRANGE', schedule, 0, 0, 'WITHSCORES')
  if top[2] and (not next or tonumber(top[2]) < next) then next = tonumber(top[2]) end
end
if next then return { count, string.format('%.17g', next) } end
return { count, '' }
`);

/*
 * Creates recorded before their POST. KEYS: 1 records (hash `<external id> <owner>` → JSON), 2
 * alive (zset, same members → until when its process vouches for it, on the server's clock), 3
 * (begin only) the held leases of its pool.
 */
const CREATE_PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** ARGV: record, JSON, alive ms, lease or ''. */
export const BEGIN_CREATE = script(`${CREATE_PRELUDE}
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], now_ms() + tonumber(ARGV[3]), ARGV[1])
-- The lease now lives as long as this record (and then the task's).
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[3], 'inf', ARGV[4]) end
return 1
`);

/** ARGV: record. */
export const FINISH_CREATE = script(`${CREATE_PRELUDE}
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`);

/** The creates of one process are still in flight. ARGV: alive ms, records… */
export const VOUCH_CREATES = script(`${CREATE_PRELUDE}
local until_ms = now_ms() + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[2], 'XX', until_ms, ARGV[i]) end
return 1
`);

/** Creates nobody vouches for any more, claimed for a while. ARGV: limit, claim ms. Reply: JSONs. */
export const CLAIM_STALE_CREATES = script(`${CREATE_PRELUDE}
local now = now_ms()
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local result = {}
for _, id in ipairs(stale) do
  local record = redis.call('HGET', KEYS[1], id)
  if record then
    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), id)
    result[#result + 1] = record
  else
    redis.call('ZREM', KEYS[2], id)
  end
end
return result
`);
