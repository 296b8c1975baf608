"""Write the wrk Lua scripts for this run into OUT_DIR/wrk/: random product pages, random
category pages, and add-to-cart by random buyers. Each tallies the status codes.

  python bench/wrk.py OUT_DIR
"""

import json
import os
import sys

# Each wrk thread runs its own Lua state, and LuaJIT seeds every state alike: unseeded, the
# two threads would ask for the same random product (or buyer) at the same moment all run
# long, as no two real visitors do. `setup` numbers the threads and `init` seeds each apart.
TALLY = """
threads = {}
setup = function(thread) table.insert(threads, thread); thread:set("seed", #threads) end
init = function(args) math.randomseed(seed * 7919 + os.time()) end
codes = {}
response = function(status, headers, body) codes[status] = (codes[status] or 0) + 1 end
done = function(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("codes")) do all[k] = (all[k] or 0) + v end
  end
  local s = "status codes:"
  for k, v in pairs(all) do s = s .. " " .. k .. "=" .. v end
  print(s)
end
"""


def lua_list(items):
    return "{" + ",".join(json.dumps(i) for i in items) + "}"


def main(out: str) -> None:
    data = json.load(open(os.path.join(out, "bench.json")))
    target = os.path.join(out, "wrk")
    os.makedirs(target, exist_ok=True)
    scripts = {
        "codes.lua": TALLY,
        "product.lua": f"paths = {lua_list(data['products'])}\nrequest = function() return wrk.format('GET', paths[math.random(#paths)]) end\n" + TALLY,
        "category.lua": f"paths = {lua_list(data['categories'])}\nrequest = function() return wrk.format('GET', paths[math.random(#paths)]) end\n" + TALLY,
        "search.lua": "words = {'buku','kaos','sepatu','tas','kemeja','botol','lampu','kopi','madu','sambal','batik','headset'}\n"
        "request = function() return wrk.format('GET', '/cari/?q=' .. words[math.random(#words)]) end\n" + TALLY,
        "cart.lua": f"tokens = {lua_list([b['token'] for b in data['buyers']])}\nvariants = {lua_list(data['variants'])}\n"
        "request = function()\n"
        "  local body = '{\"variant_id\": ' .. variants[math.random(#variants)] .. ', \"quantity\": 1}'\n"
        "  return wrk.format('POST', '/api/v1/cart/items', {['Content-Type'] = 'application/json', ['Authorization'] = 'Bearer ' .. tokens[math.random(#tokens)]}, body)\n"
        "end\n" + TALLY,
    }
    for name, text in scripts.items():
        with open(os.path.join(target, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main(sys.argv[1])
