-- After the edge's answer went out (or, if that failed, in the app's sweep): a reservation
-- the app did not claim (it refused the attempt before the gate, or never got it) goes back.
-- KEYS: reservation, units left, buyer -> units taken, the reservations by deadline.
redis.call('ZREM', KEYS[4], KEYS[1])
local held = redis.call('GET', KEYS[1])
if not held then return 0 end
redis.call('DEL', KEYS[1])
local buyer, quantity = string.match(held, '^%d+:(%d+):(%d+)$')
give_back(KEYS[2], KEYS[3], buyer, tonumber(quantity))
return 1
