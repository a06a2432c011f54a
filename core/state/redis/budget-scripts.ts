import { script } from './connection.js';

/*
 * One scope's spending over a sliding window, on the Redis server's clock. KEYS: 1 at (zset
 * reservation key → when reserved), 2 units (hash reservation key → units). Entries older than the
 * window leave on every call, so the keys hold at most one window of spending.
 */
const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function total(now, window)
  local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window))
  for _, key in ipairs(old) do redis.call('HDEL', KEYS[2], key) end
  if #old > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window)) end
  local sum = 0
  for _, units in ipairs(redis.call('HVALS', KEYS[2])) do sum = sum + tonumber(units) end
  return sum
end
`;

/** ARGV: key, units, limit, window ms. Reply: [1 reserved | 0 refused, units spent before (string)]. */
export const RESERVE = script(`${PRELUDE}
local now = now_ms()
local spent = total(now, tonumber(ARGV[4]))
if spent + tonumber(ARGV[2]) > tonumber(ARGV[3]) then return { 0, string.format('%.17g', spent) } end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return { 1, string.format('%.17g', spent) }
`);

/** ARGV: key, units. Only a reservation still in the window is settled. */
export const SETTLE = script(`
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
return 1
`);

/** ARGV: key. */
export const RELEASE_RESERVATION = script(`
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
`);

/** ARGV: window ms. Reply: units spent or reserved (string). */
export const SPENT = script(`${PRELUDE}
return string.format('%.17g', total(now_ms(), tonumber(ARGV[1])))
`);
