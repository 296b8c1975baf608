-- The gate's two moves. Each script (admit.lua, give_back.lua, edge.lua, release.lua) runs
-- with this file in front of it, so the app and the edge take and give back units alike,
-- each in one atomic step.

-- LIMIT_REACHED (-1), SOLD_OUT (0) or ADMITTED (1): the buyer's limit first, then the units.
local function take(left_key, buyers_key, buyer, want, limit, ttl)
  local mine = tonumber(redis.call('HGET', buyers_key, buyer) or '0')
  if mine + want > limit then return -1 end
  if tonumber(redis.call('GET', left_key)) < want then return 0 end
  redis.call('DECRBY', left_key, want)
  redis.call('HINCRBY', buyers_key, buyer, want)
  redis.call('EXPIRE', buyers_key, ttl)
  return 1
end

local function give_back(left_key, buyers_key, buyer, quantity)
  if redis.call('EXISTS', left_key) == 1 then redis.call('INCRBY', left_key, quantity) end
  if tonumber(redis.call('HINCRBY', buyers_key, buyer, -quantity)) <= 0 then redis.call('HDEL', buyers_key, buyer) end
end
