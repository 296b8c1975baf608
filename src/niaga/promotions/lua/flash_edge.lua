-- nginx (Debian's libnginx-mod-http-lua) in front of the app servers: "Beli Sekarang" on a
-- flash item meets the gate here, in the same Redis and with the same scripts as the app
-- (gate.py), so the crowd's answers never queue behind the buyers being admitted.
--
--   sold out, or the buyer's limit reached -> answered here, as the app words it;
--   admitted -> the units are held under this request's id, which goes on to the app in
--     X-Niaga-Reserved; the app claims them (claim.lua) and makes the admission, or refuses
--     the attempt, and then whatever it did not claim is given back (release.lua);
--   an admitted buyer's page asking while the order is being made -> the app's answer kept
--     in Redis for it, from here (M.placing);
--   anything else (no token the app has published, the sale's terms not published, a
--     quantity the app will refuse, Redis down) -> passed on: the app decides, as without us.
--
-- The app authenticates every attempt it gets. The edge only knows a buyer by the token's
-- SHA-256, published by the app (core/edge.py), and sold out is true for anyone.

local redis = require "nginx.redis"      -- lua-nginx-redis (lua-resty-redis)
local sha256 = require "nginx.sha256"    -- lua-nginx-string (lua-resty-string)
local to_hex = require("nginx.string").to_hex
local cjson = require "cjson.safe"       -- lua-cjson

local M = {}

local SOLD_OUT = '{"code": "sold_out", "message": "Stok flash sale habis.", "fields": {}}'
local LIMIT = '{"code": "limit_reached", "message": "Batas %d per pembeli sudah tercapai.", "fields": {}}'
local GATE_TTL = 7 * 24 * 3600  -- gate.TTL_SECONDS
local RESERVATION_SECONDS = 60  -- gate.RESERVATION_SECONDS
local SOLD_OUT_SECONDS = 1      -- shortcut.SECONDS: units that come back are offered within it
-- After that second one attempt asks Redis again while the rest still hear "sold out" from
-- memory: a crowd never waits on Redis all at once. A sale that sold out this long ago is
-- asked about afresh by everyone.
local STALE_SECONDS = 30

local UNCOUNTED = "uncounted sold out"  -- answered from memory, not yet added to Redis's count
local scripts = {}
local server = {}

local function read(path)
  local f = assert(io.open(path))
  local text = f:read("*a")
  f:close()
  return text
end

-- init_by_lua: dir holds gate.lua and the scripts; redis = {host=, port=, db=, password=}.
function M.init(dir, redis_server)
  local moves = read(dir .. "/gate.lua")
  for _, name in ipairs({ "edge", "release" }) do
    local text = moves .. "\n" .. read(dir .. "/" .. name .. ".lua")
    scripts[name] = { text = text, sha = to_hex(ngx.sha1_bin(text)) }
  end
  server = redis_server or {}
end

local RESERVATIONS = "niaga:flash:reservations"  -- gate.RESERVATIONS: by deadline, for the app's sweep

-- timeout (ms): an attempt waits little (the app decides when Redis is slow); a give-back more.
local function connect(timeout)
  local red = redis:new()
  red:set_timeout(timeout or 500)  -- Debian ships lua-resty-redis 0.27: one timeout for connect, send and read
  local ok, err = red:connect(server.host or "127.0.0.1", server.port or 6379)
  if not ok then return nil, err end
  if red:get_reused_times() == 0 then
    if server.password and server.password ~= "" then
      ok, err = red:auth(server.password)
      if not ok then return nil, err end
    end
    if (server.db or 0) ~= 0 then
      ok, err = red:select(server.db)
      if not ok then return nil, err end
    end
  end
  return red
end

local function run(red, name, keys, args)
  local script = scripts[name]
  local all = { unpack(keys) }  -- f(unpack(a), unpack(b)) would pass a's first value only
  for _, arg in ipairs(args) do all[#all + 1] = arg end
  local res, err = red:evalsha(script.sha, #keys, unpack(all))
  if not res and err and err:find("NOSCRIPT", 1, true) then
    res, err = red:eval(script.text, #keys, unpack(all))
  end
  return res, err
end

-- Back to the pool only after a whole reply: a connection that timed out may still receive
-- the late one, which the next request would read as its own.
local function done(red, ok)
  if ok then red:set_keepalive(10000, 256) else red:close() end
end

local function answer(body, status)
  status = status or 409
  ngx.status = status
  ngx.header["Content-Type"] = "application/json; charset=utf-8"
  ngx.header["Cache-Control"] = "no-store"
  ngx.header["X-Niaga-Answer"] = "edge"
  ngx.print(body)
  return ngx.exit(status)
end

local function quantity()
  ngx.req.read_body()
  local payload = cjson.decode(ngx.req.get_body_data() or "")
  if type(payload) ~= "table" or payload.quantity == nil then return 1 end  -- the API's default
  return type(payload.quantity) == "number" and payload.quantity or 0     -- 0: the app says why
end

-- access_by_lua, in the flash location, with $flash_item set to the item's id.
function M.access()
  ngx.req.clear_header("X-Niaga-Reserved")  -- only this module sets it
  if ngx.req.get_method() ~= "POST" then return end
  local item = ngx.var.flash_item
  local recent = ngx.shared.niaga_flash
  local sold_out = recent:get(item)
  if not sold_out and recent:get(item .. ":stale") then
    if recent:add(item .. ":asking", true, 1) then
      ngx.ctx.flash_asking = item  -- this attempt asks Redis for the crowd; let go in M.log
    else
      sold_out = true  -- another is asking
    end
  end
  if sold_out then
    recent:incr(UNCOUNTED, 1, 0)
    return answer(SOLD_OUT)
  end

  local token = (ngx.var.http_authorization or ""):match("^[Bb]earer%s+(%S+)%s*$")
  local digest = "-"
  if token then
    local hash = sha256:new()
    hash:update(token)
    digest = to_hex(hash:final())
  end
  local red, err = connect()
  if not red then
    ngx.log(ngx.WARN, "flash edge: redis unreachable, the app decides: ", err)
    return
  end
  local id = ngx.var.request_id
  local prefix = "niaga:flash:" .. item
  local res
  res, err = run(red, "edge",
    { prefix .. ":terms", prefix .. ":left", prefix .. ":buyers", "niaga:edge:token:" .. digest, "niaga:flash:reserved:" .. id, RESERVATIONS },
    { string.format("%.3f", ngx.now()), quantity(), RESERVATION_SECONDS, GATE_TTL, item })
  done(red, res)
  if not res then
    -- If Redis ran the script after all, the units it held go back in the app's sweep.
    ngx.log(ngx.WARN, "flash edge: gate script failed, the app decides: ", err)
    return
  end
  if res[1] == "sold_out" then
    recent:set(item, true, SOLD_OUT_SECONDS)
    recent:set(item .. ":stale", true, STALE_SECONDS)
    return answer(SOLD_OUT)
  end
  if res[1] == "limit_reached" then
    return answer(string.format(LIMIT, tonumber(res[2])))
  end
  recent:delete(item .. ":stale")  -- units left: the crowd asks Redis again
  if res[1] == "admitted" then
    ngx.ctx.flash_reserved = { id = id, item = item }
    ngx.req.set_header("X-Niaga-Reserved", id)
  end
end

-- access_by_lua, in the admission location, with $flash_admission set to its id: an admitted
-- buyer's page asks every two seconds while a job makes the order. While it is being made,
-- the answer the app keeps in Redis for that page (gate.mark_placing) is given from here;
-- once made, or with a wrong key, the app answers.
function M.placing()
  local key = ngx.var.arg_key
  if ngx.req.get_method() ~= "GET" or not key or #key > 64 or not key:match("^[%w_-]+$") then return end
  local red, err = connect()
  if not red then return ngx.log(ngx.WARN, "flash edge: redis unreachable, the app answers: ", err) end
  local body
  body, err = red:get("niaga:flash:placing:" .. ngx.var.flash_admission .. ":" .. key)
  done(red, body)
  if not body or body == ngx.null then return end
  return answer(body, 200)
end

local function release(premature, held)
  local red, err = connect(3000)
  if not red then
    -- The app's sweep gives it back once its deadline has passed (gate.sweep_reservations).
    return ngx.log(ngx.WARN, "flash edge: reservation ", held.id, " left to the app's sweep: ", err)
  end
  local prefix = "niaga:flash:" .. held.item
  local res
  res, err = run(red, "release", { "niaga:flash:reserved:" .. held.id, prefix .. ":left", prefix .. ":buyers", RESERVATIONS }, {})
  done(red, res)
  if not res then ngx.log(ngx.WARN, "flash edge: reservation ", held.id, " left to the app's sweep: ", err) end
end

-- Sold-out answers given from memory go into the count the app's /metrics shows, every
-- second, by one worker (the shared count is one for all workers).
local function flush(premature)
  local recent = ngx.shared.niaga_flash
  local n = recent:get(UNCOUNTED) or 0
  if premature or n <= 0 then return end
  local red, err = connect()
  if not red then return ngx.log(ngx.WARN, "flash edge: answers not counted yet: ", err) end
  local ok
  ok, err = red:hincrby("niaga:flash:edge:answers", "sold_out", n)
  done(red, ok)
  if ok then
    recent:incr(UNCOUNTED, -n)
  else
    ngx.log(ngx.WARN, "flash edge: answers not counted yet: ", err)
  end
end

-- init_worker_by_lua.
function M.start()
  if ngx.worker.id() == 0 then ngx.timer.every(1, flush) end
end

-- log_by_lua: the answer has gone out; what the app did not claim goes back (cosockets are
-- not allowed in this phase, so in a timer).
function M.log()
  local asking = ngx.ctx.flash_asking
  if asking then ngx.shared.niaga_flash:delete(asking .. ":asking") end
  local held = ngx.ctx.flash_reserved
  if not held then return end
  local ok, err = ngx.timer.at(0, release, held)
  if not ok then  -- e.g. more pending than lua_max_pending_timers
    ngx.log(ngx.WARN, "flash edge: reservation ", held.id, " left to the app's sweep: ", err)
  end
end

return M
