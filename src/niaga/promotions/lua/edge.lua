-- An attempt at the edge (nginx, flash_edge.lua), before any app server.
-- KEYS: the item's terms, units left, buyer -> units taken, bearer token -> buyer, reservation,
-- the reservations by deadline. ARGV: now (epoch seconds), quantity, reservation seconds,
-- gate ttl, item.
-- Each answer but "pass" is counted in niaga:flash:edge:answers (the app's /metrics shows it).
-- Answers {"pass"} (the app decides, as without the edge), {"sold_out"},
-- {"limit_reached", limit} or {"admitted", buyer} with the units held under the reservation
-- until the app claims them (claim.lua) or the edge gives them back (release.lua).
local function counted(answer)
  redis.call('HINCRBY', 'niaga:flash:edge:answers', answer[1], 1)
  return answer
end

local terms = redis.call('HMGET', KEYS[1], 'limit', 'starts', 'ends')
local limit, starts, ends = tonumber(terms[1]), tonumber(terms[2]), tonumber(terms[3])
local now = tonumber(ARGV[1])
if not (limit and starts and ends) or now < starts or now >= ends then return {'pass'} end
local left = tonumber(redis.call('GET', KEYS[2]))
if not left then return {'pass'} end  -- the app sets it from the database first
local buyer = redis.call('GET', KEYS[4])
if not buyer then
  if left <= 0 then return counted({'sold_out'}) end  -- true for anyone; the rest is the app's to say
  return {'pass'}
end
local want = tonumber(ARGV[2])
if not want or want < 1 or want > limit or want % 1 ~= 0 then return {'pass'} end  -- a 400 from the app
local answer = take(KEYS[2], KEYS[3], buyer, want, limit, ARGV[4])
if answer == -1 then return counted({'limit_reached', limit}) end
if answer == 0 then return counted({'sold_out'}) end
redis.call('SET', KEYS[5], ARGV[5] .. ':' .. buyer .. ':' .. want, 'EX', 3600)
-- If neither the app claims it nor the edge gives it back by then, the app's sweep does.
redis.call('ZADD', KEYS[6], now + tonumber(ARGV[3]), KEYS[5])
return counted({'admitted', buyer})
