-- The app takes over a unit the edge reserved, once. KEYS: the reservation, the reservations
-- by deadline.
-- ARGV: what it must hold, "item:buyer:quantity" (the buyer the app authenticated).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], KEYS[1])
return 1
