import { script } from './connection.js';

/*
 * The slot semaphore, one pool per script call, on the Redis server's clock (TIME).
 *
 * KEYS: 1 meta (hash: configured, capacity, refusals, refusedAt, seq, front)
 *       2 held (zset lease → expiry; +inf once the lease is recorded with a create or a task)
 *       3 queue (zset waiter → order: priority waiters first, then first come, first served)
 *       4 alive (zset waiter → until when its process vouches for it)
 *       5 grants (hash waiter → when it was granted a slot it has not taken yet)
 * A waiter's id (`<process token>.<n>`) is also the id of the lease it gets. Every script first
 * drops expired leases and dead waiters (those their process stopped vouching for, and all of a
 * process that left a grant untaken), with any slot granted to them; then it grants free slots to
 * the head of the queue and publishes who got one, so a release wakes the next waiter at once, in
 * whichever process.
 * Replies end with the pool's state: capacity, configured, held, queued, refusals.
 */
const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A live process takes a grant within milliseconds (pub/sub, then one script): one not taken
-- after this long went to a process that stopped.
local TAKE_MS = 1000

local function drop(waiter)
  redis.call('ZREM', KEYS[3], waiter)
  redis.call('ZREM', KEYS[4], waiter)
  if redis.call('HDEL', KEYS[5], waiter) == 1 then redis.call('ZREM', KEYS[2], waiter) end
end

local function tidy(now)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  for _, waiter in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)) do drop(waiter) end
  local grants = redis.call('HGETALL', KEYS[5])
  for i = 1, #grants, 2 do
    if now - tonumber(grants[i + 1]) > TAKE_MS then
      local waiter = grants[i]
      drop(waiter)
      -- Its process stopped answering: its other waiters leave the queue too (a live one queues again).
      local prefix = string.match(waiter, '^(.*%.)%d+$')
      if prefix then
        for _, other in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
          if string.sub(other, 1, #prefix) == prefix then drop(other) end
        end
      end
    end
  end
end

local function configure(configured)
  local old = tonumber(redis.call('HGET', KEYS[1], 'configured'))
  if not old then
    redis.call('HSET', KEYS[1], 'configured', configured, 'capacity', configured, 'refusals', 0, 'refusedAt', 0)
  elseif old ~= configured then
    local capacity = tonumber(redis.call('HGET', KEYS[1], 'capacity'))
    redis.call('HSET', KEYS[1], 'configured', configured, 'capacity', math.max(1, capacity + configured - old))
  end
end

-- Grants free slots to the head of the queue; returns the waiters granted.
local function pump(now, leaseMs)
  local capacity = tonumber(redis.call('HGET', KEYS[1], 'capacity') or '0')
  local granted = {}
  while redis.call('ZCARD', KEYS[2]) < capacity do
    local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
    if not head then break end
    redis.call('ZREM', KEYS[3], head)
    redis.call('ZADD', KEYS[2], now + leaseMs, head)
    redis.call('HSET', KEYS[5], head, now)
    granted[#granted + 1] = head
  end
  return granted
end

-- Announces grants to every process but the caller (who learns from the reply).
local function announce(channel, granted, except)
  local others = {}
  for _, waiter in ipairs(granted) do
    if waiter ~= except then others[#others + 1] = waiter end
  end
  if #others > 0 then redis.call('PUBLISH', channel, table.concat(others, ' ')) end
end

local function take(waiter)
  redis.call('ZREM', KEYS[4], waiter)
  return redis.call('HDEL', KEYS[5], waiter) == 1
end

local function state()
  local meta = redis.call('HMGET', KEYS[1], 'capacity', 'configured', 'refusals')
  return { tonumber(meta[1] or '0'), tonumber(meta[2] or '0'), redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3]), tonumber(meta[3] or '0') }
end

local function reply(head)
  local result = state()
  table.insert(result, 1, head)
  return result
end
`;

/** ARGV: waiter, configured, priority (1/0), lease ms, alive ms, channel. Reply: granted (1/0), state. */
export const ACQUIRE = script(`${PRELUDE}
local now = now_ms()
local waiter = ARGV[1]
configure(tonumber(ARGV[2]))
tidy(now)
if take(waiter) then return reply(1) end
if not redis.call('ZSCORE', KEYS[3], waiter) then
  local order
  if ARGV[3] == '1' then
    -- Lua hands numbers to Redis with 14 significant digits: keep the order within them.
    order = -1e13 + redis.call('HINCRBY', KEYS[1], 'front', 1)
  else
    order = redis.call('HINCRBY', KEYS[1], 'seq', 1)
  end
  redis.call('ZADD', KEYS[3], order, waiter)
end
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[5]), waiter)
local granted = pump(now, tonumber(ARGV[4]))
announce(ARGV[6], granted, waiter)
if take(waiter) then return reply(1) end
return reply(0)
`);

/**
 * The waiters of one process vouch they are alive. ARGV: lease ms, alive ms, channel, waiters…
 * Reply: state, then each waiter's fate: 1 granted (now taken), 0 still waiting, -1 lost (its
 * process was thought dead: it queues again).
 */
export const HEARTBEAT = script(`${PRELUDE}
local now = now_ms()
local fates = {}
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[4], 'XX', now + tonumber(ARGV[2]), ARGV[i])
end
tidy(now)
local granted = pump(now, tonumber(ARGV[1]))
announce(ARGV[3], granted, '')
for i = 4, #ARGV do
  local waiter = ARGV[i]
  if take(waiter) then
    fates[#fates + 1] = 1
  elseif redis.call('ZSCORE', KEYS[3], waiter) then
    fates[#fates + 1] = 0
  else
    fates[#fates + 1] = -1
  end
end
local result = state()
for _, fate in ipairs(fates) do result[#result + 1] = fate end
return result
`);

/** A granted waiter takes its slot. ARGV: waiter. Reply: 1 when the grant was still there. */
export const TAKE = script(`${PRELUDE}
if take(ARGV[1]) then return 1 end
return 0
`);

/** ARGV: lease, lease ms, channel. A waiter that gives up is released the same way. Reply: state. */
export const RELEASE = script(`${PRELUDE}
local now = now_ms()
redis.call('ZREM', KEYS[3], ARGV[1])
take(ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
tidy(now)
announce(ARGV[3], pump(now, tonumber(ARGV[2])), '')
return state()
`);

/** Kling answered 1303: the account allows fewer tasks than held, the refused one included. Reply: state. */
export const REFUSED = script(`${PRELUDE}
local now = now_ms()
tidy(now)
local capacity = tonumber(redis.call('HGET', KEYS[1], 'capacity') or '1')
local held = redis.call('ZCARD', KEYS[2])
redis.call('HSET', KEYS[1], 'capacity', math.max(1, math.min(capacity, held - 1)), 'refusedAt', now)
redis.call('HINCRBY', KEYS[1], 'refusals', 1)
return state()
`);

/** A create was accepted: after a quiet period a lowered capacity grows by one. ARGV: recover ms, lease ms, channel. */
export const ACCEPTED = script(`${PRELUDE}
local now = now_ms()
local meta = redis.call('HMGET', KEYS[1], 'capacity', 'configured', 'refusedAt')
local capacity, configured, refusedAt = tonumber(meta[1] or '0'), tonumber(meta[2] or '0'), tonumber(meta[3] or '0')
if capacity < configured and now - refusedAt > tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'capacity', capacity + 1)
  tidy(now)
  announce(ARGV[3], pump(now, tonumber(ARGV[2])), '')
end
return state()
`);
