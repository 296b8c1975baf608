-- The app's attempt. KEYS: units left, buyer -> units taken.
-- ARGV: buyer, quantity, limit, units left in the database (the first time), ttl.
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[4], 'EX', ARGV[5])
end
return take(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[5])
