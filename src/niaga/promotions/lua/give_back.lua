-- Units of an admitted buyer who did not get (or pay for) the order.
-- KEYS: units left, buyer -> units taken. ARGV: buyer, quantity.
give_back(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]))
return 1
