"""The flash sale's figure: ATTEMPTS presses of "Beli Sekarang" from CLIENTS clients back to
back, sent by wrk (C) so the client's own CPU stays out of the latencies; then, from the
database, what was really sold. Writes OUT_DIR/flash.json.

  python bench/flash.py BASE OUT_DIR ATTEMPTS CLIENTS [THREADS]

CLIENTS connections, each one press in flight at a time, on THREADS wrk threads (default:
one per core; the load generator shares the cores with the servers, and 500 threads waiting
for CPU would put their own scheduling into every latency). Each press carries its own
X-Request-ID, which the edge echoes: Lua notes when that press was sent (CLOCK_MONOTONIC, the
clock of Python's time.monotonic) and when its answer arrived, so every answer has its own
latency and kind. Thread t makes its buyers' presses in turn (buyer t, t + THREADS, ...). Its
first ATTEMPTS / THREADS presses are counted; its connections go on pressing until all of
those are answered, and when every thread's are, wrk is interrupted and prints.
An admitted buyer's page asks about the order every 2 s, as the waiting page does: Lua
writes each admission's poll URL to a file, and a second wrk asks from there (POLL_LUA).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time

from clients import POLL_SECONDS  # bench/clients.py: the waiting page's refresh

# Lua's clock for both scripts: CLOCK_MONOTONIC, as Python's time.monotonic.
CLOCK = """
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } niaga_timespec; int clock_gettime(int, niaga_timespec *); ]]
local ts = ffi.new("niaga_timespec")
local function now() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9 end
"""

LUA = CLOCK + """
tokens = %(tokens)s
addresses = %(addresses)s
path = %(path)s
threads = {}
setup = function(thread) table.insert(threads, thread); thread:set("index", #threads) end
init = function(args)
  share, done_file, nthreads = tonumber(args[1]), args[2], tonumber(args[3])
  admitted = io.open(args[4], "a")  -- "token poll_url" per admission, for the waiting pages
  admitted:setvbuf("line")
end

made, answered, waiting, unsent = 0, 0, 0, 0  -- waiting: counted presses made and not yet answered
-- A counted press not answered this long after the thread's last was made was never sent
-- (none so far once wrk's check above is skipped; a press sent and never answered is one of
-- wrk's socket errors; the slowest answers here take ~10 s).
UNSENT_AFTER = 15
pending = {}  -- request id -> {sent at, buyer, counted}: a thread's connections answer in any order
answers = {}  -- "ok", "409:sold_out", ...: counts
soldout = {}  -- sent at, latency (s), sent at, latency, ...
latency = {}  -- every answer's latency (s)

-- Before any connection, wrk asks the first thread's script for one request to check its
-- form and never sends it: that one is not a press.
request = function()
  if not checked then
    checked = true
    if index == 1 then return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, "{}") end
  end
  local b = (index - 1 + made * nthreads) %% #tokens + 1
  made = made + 1
  local id = "bench-" .. index .. "-" .. made
  pending[id] = { now(), b, made <= share }
  if made <= share then waiting = waiting + 1 end
  if made == share then last_sent = now() end
  local body = '{"quantity": 1, "address_id": ' .. addresses[b] .. ', "payment_method": "va_bca"}'
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[b], ["X-Request-ID"] = id}, body)
end

response = function(status, headers, body)
  local at = now()
  local id = headers["X-Request-ID"] or headers["x-request-id"]
  local press = pending[id]
  if not press then error("an answer without the press's X-Request-ID: " .. tostring(id)) end
  pending[id] = nil
  -- Connections keep pressing until the thread's first `share` presses are all answered;
  -- only those are counted, so no answer of theirs is cut off, however late it comes.
  if not press[3] then return finish(at) end
  waiting = waiting - 1
  local sent, buyer, took = press[1], press[2], at - press[1]
  local kind = tostring(status)
  local poll_url = status == 202 and body:match('"poll_url": *"([^"]+)"')
  if poll_url then admitted:write(tokens[buyer], " ", poll_url, "\\n") end
  if status == 201 or status == 202 then kind = "ok"
  elseif status == 409 then kind = "409:" .. (body:match('"code": *"([%%w_]+)"') or "?") end
  answers[kind] = (answers[kind] or 0) + 1
  latency[#latency + 1] = took
  if kind == "409:sold_out" then soldout[#soldout + 1] = sent; soldout[#soldout + 1] = took end
  answered, last_answer = answered + 1, at
  finish(at)
end

-- Done when every counted press is answered, or the ones left were never sent.
function finish(at)
  if made < share or finished then return end
  if waiting > 0 and at - last_sent < UNSENT_AFTER then return end
  finished, unsent = true, waiting
  local f = io.open(done_file, "a"); f:write(index, "\\n"); f:close()
  wrk.thread:stop()
end

-- Past its counted presses a connection presses once a second: enough to see the late
-- answers in, not enough to load the servers.
delay = function() return made >= share and 1000 or 0 end

local function numbers(list)
  local out = {}
  for i = 1, #list do out[i] = string.format("%%.6f", list[i]) end
  return "[" .. table.concat(out, ",") .. "]"
end

done = function(summary, _, _)
  local counts, soldouts, latencies, last = {}, {}, {}, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("answers")) do counts[k] = (counts[k] or 0) + v end
    unsent = unsent + t:get("unsent")
    last = math.max(last, t:get("last_answer") or 0)
    soldouts[#soldouts + 1] = numbers(t:get("soldout"))
    latencies[#latencies + 1] = numbers(t:get("latency"))
  end
  local parts = {}
  for k, v in pairs(counts) do parts[#parts + 1] = string.format("%%q: %%d", k, v) end
  local e = summary.errors
  io.write("FLASH {\\"answers\\": {", table.concat(parts, ", "), "}, \\"socket_errors\\": ",
    e.connect + e.read + e.write + e.timeout, ", \\"unsent\\": ", unsent, ", \\"last_answer\\": ", string.format("%%.6f", last), ", \\"soldout\\": [", table.concat(soldouts, ","),
    "], \\"latency\\": [", table.concat(latencies, ","), "]}\\n")
end
"""


# The admitted buyers' waiting pages, in a second wrk: each admission (a line "token poll_url"
# that the flash script writes) asks every POLL_SECONDS until its order is made or refused.
POLL_LUA = CLOCK + """
every = %(every)s
init = function(args)
  admitted, ended_path, done_path = io.open(args[1]), args[2], args[3]
end

carry, known, resolved, made = "", 0, 0, 0
due = {}        -- admissions waiting for their next ask: {at, token, url}
asking = {}     -- request id -> admission, sent at
outcome = {}    -- "placed", "refused", "poll 404", ...: counts

local function read_new()
  admitted:seek("cur", 0)  -- clears the end-of-file mark (sticky in glibc), so new lines are seen
  local data = admitted:read("*a")
  if not data or data == "" then return end
  carry = carry .. data
  for line in carry:gmatch("([^\\n]*)\\n") do
    local token, url = line:match("^(%%S+) (%%S+)$")
    if token then known = known + 1; due[#due + 1] = { now() + every, token, url } end
  end
  carry = carry:match("([^\\n]*)$")
end

local function earliest()
  local best
  for i = 1, #due do if not best or due[i][1] < due[best][1] then best = i end end
  return best
end

request = function()
  read_new()
  local t = now()
  for id, a in pairs(asking) do  -- an ask lost with its connection: asked again, as a browser does
    if t - a[2] > 30 then asking[id] = nil; due[#due + 1] = a[1] end
  end
  local i = earliest()
  -- Nothing waiting: the last page again (or the health check before any), uncounted.
  local a = i and table.remove(due, i) or last_asked or { 0, "-", "/healthz" }
  made = made + 1
  local id = "page-" .. made
  if i then asking[id] = { a, t }; last_asked = a end
  return wrk.format("GET", a[3], { ["Authorization"] = "Bearer " .. a[2], ["X-Request-ID"] = id })
end

-- Done once the crowd has stopped pressing (Python writes how many were admitted) and every
-- admitted buyer's page has seen its order made or refused.
local function finished()
  local ended = io.open(ended_path)
  local total = ended and tonumber(ended:read("*a"))
  if ended then ended:close() end
  if total and resolved >= total and not stopped then
    stopped = true
    local f = io.open(done_path, "a"); f:write("done\\n"); f:close()
    wrk.thread:stop()
  end
end

-- Until the next admission is due (at most 0.2 s, to notice new ones).
delay = function()
  read_new()
  local i = earliest()
  if not i then finished(); return 200 end
  return math.max(0, math.min(200, math.floor((due[i][1] - now()) * 1000)))
end

response = function(status, headers, body)
  local id = headers["X-Request-ID"] or headers["x-request-id"]
  local ask = id and asking[id]
  if not ask then return end
  asking[id] = nil
  local a, state = ask[1], status == 200 and body:match('"status": *"([%%w_]+)"') or ("poll " .. status)
  if state == "placing" then
    a[1] = now() + every
    due[#due + 1] = a
    return
  end
  outcome[state] = (outcome[state] or 0) + 1
  resolved = resolved + 1
end

done = function(summary, _, _)
  local t = threads_of[1]
  local parts = {}
  for k, v in pairs(t:get("outcome")) do parts[#parts + 1] = string.format("%%q: %%d", k, v) end
  local e = summary.errors
  io.write("PAGES {\\"outcome\\": {", table.concat(parts, ", "), "}, \\"polls\\": ", t:get("made"), ", \\"admissions\\": ", t:get("known"),
    ", \\"socket_errors\\": ", e.connect + e.read + e.write + e.timeout, "}\\n")
end
threads_of = {}
setup = function(thread) table.insert(threads_of, thread) end
"""
POLL_CONNECTIONS = 16


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 1)


def press(base: str, out: str, data: dict, attempts: int, clients: int, threads: int) -> dict:
    """Run wrk until every client has made its share; its figures, with send times on the
    monotonic clock."""
    script = os.path.join(out, "wrk", "flash.lua")
    os.makedirs(os.path.dirname(script), exist_ok=True)
    buyers = data["buyers"]
    with open(script, "w") as f:
        f.write(
            LUA
            % {
                "tokens": "{" + ",".join(json.dumps(b["token"]) for b in buyers) + "}",
                "addresses": "{" + ",".join(str(b["address_id"]) for b in buyers) + "}",
                "path": json.dumps(f"/api/v1/flash-sales/items/{data['flash_item']}/buy"),
            }
        )
    done_file, admitted_file = os.path.join(out, "flash-done.txt"), os.path.join(out, "flash-admitted.txt")
    open(done_file, "w").close()
    open(admitted_file, "w").close()
    share = attempts // threads
    command = ["wrk", f"-t{threads}", f"-c{clients}", "-d600s", "--timeout", "60s", "-s", script, base, "--", str(share), done_file, str(threads), admitted_file]
    pressing = threading.Event()
    pressing.set()
    pages: dict = {}
    waiting = threading.Thread(target=_waiting_pages, args=(base, out, admitted_file, pressing, pages))
    waiting.start()
    started = time.monotonic()
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while wrk.poll() is None and sum(1 for _ in open(done_file)) < threads:
        time.sleep(0.05)
    finished = time.monotonic()
    wrk.send_signal(signal.SIGINT)
    output, _ = wrk.communicate(timeout=60)
    with open(os.path.join(out, "flash-wrk.txt"), "w") as f:
        f.write(output[:100_000])
    pressing.clear()
    waiting.join()
    line = next((x for x in output.splitlines() if x.startswith("FLASH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures:\n{output[-2000:]}")
    raw = json.loads(line[len("FLASH ") :])  # per thread: a list of numbers each
    soldout = [(each[i], each[i + 1]) for each in raw["soldout"] for i in range(0, len(each), 2)]
    latency = [took for each in raw["latency"] for took in each]
    # Until the last counted answer: wrk may have waited on after it for presses never sent.
    return {"started": started, "seconds": raw["last_answer"] - started, "answers": raw["answers"], "socket_errors": raw["socket_errors"], "unsent": raw["unsent"],
            "soldout": soldout, "latency": latency, "waiting_pages": pages}  # fmt: skip


def _waiting_pages(base: str, out: str, admitted_file: str, pressing: threading.Event, outcome: dict) -> None:
    """Each admitted buyer's waiting page, from the moment Lua notes the admission until the
    order is made or refused, asked by a second wrk (one thread, POLL_CONNECTIONS connections);
    outcome counts how they ended, as the buyers saw it."""
    script = os.path.join(out, "wrk", "pages.lua")
    with open(script, "w") as f:
        f.write(POLL_LUA % {"every": POLL_SECONDS})
    ended_file, done_file = os.path.join(out, "flash-ended.txt"), os.path.join(out, "pages-done.txt")
    for name in (ended_file, done_file):
        if os.path.exists(name):
            os.remove(name)
    # wrk asks for its first requests at once: start when there are pages for them to ask.
    while pressing.is_set() and sum(1 for _ in open(admitted_file)) < POLL_CONNECTIONS:
        time.sleep(0.05)
    command = ["wrk", "-t1", f"-c{POLL_CONNECTIONS}", "-d900s", "--timeout", "60s", "-s", script, base, "--", admitted_file, ended_file, done_file]
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while pressing.is_set():
        time.sleep(0.05)
    with open(ended_file + ".tmp", "w") as f:
        f.write(str(sum(1 for _ in open(admitted_file))))
    os.replace(ended_file + ".tmp", ended_file)
    give_up = time.monotonic() + 120  # the consumer makes 1,000 orders in well under a minute
    while wrk.poll() is None and not os.path.exists(done_file) and time.monotonic() < give_up:
        time.sleep(0.1)
    wrk.send_signal(signal.SIGINT)
    output, _ = wrk.communicate(timeout=60)
    with open(os.path.join(out, "pages-wrk.txt"), "w") as f:
        f.write(output[-100_000:])
    line = next((x for x in output.splitlines() if x.startswith("PAGES ")), None)
    if line is None:
        raise SystemExit(f"the waiting pages' wrk printed no figures:\n{output[-2000:]}")
    outcome.update(json.loads(line[len("PAGES ") :]))


def sold(data: dict, started_wall: dt.datetime, wait: float = 120) -> dict:
    """Wait for the consumer to finish the admitted buyers' orders; then what was sold."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")
    import django

    django.setup()
    from django.db.models import Count, Max, Sum

    from niaga.orders.models import OrderLine
    from niaga.promotions.models import Admission, CampaignItem, Claim

    deadline = time.monotonic() + wait
    while Admission.objects.filter(item_id=data["flash_item"], status=Admission.Status.PLACING).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    item = CampaignItem.objects.get(pk=data["flash_item"])
    admissions = {row["status"]: row["n"] for row in Admission.objects.filter(item=item).values("status").annotate(n=Count("id"))}
    last = Admission.objects.filter(item=item, status=Admission.Status.PLACED).aggregate(t=Max("placed_at"))["t"]
    units = OrderLine.objects.filter(variant=item.variant, unit_price=item.price).aggregate(n=Sum("quantity"))["n"] or 0
    claimed = Claim.objects.filter(item=item, released_at__isnull=True).aggregate(n=Sum("quantity"))["n"] or 0
    return {
        "quota": item.quota,
        "units_sold": units,
        "claimed": claimed,
        "taken": item.taken,
        "oversold": max(0, units - item.quota),
        "orders": OrderLine.objects.filter(variant=item.variant, unit_price=item.price).values("order").distinct().count(),
        "admissions": admissions,
        "last_order_after": (last - started_wall).total_seconds() if last else None,
    }


def main(base: str, out: str, attempts: int, clients: int, threads: int) -> None:
    data = json.load(open(os.path.join(out, "bench.json")))
    started_wall = dt.datetime.now(dt.timezone.utc)
    run = press(base, out, data, attempts, clients, threads)
    result = sold(data, started_wall)
    json.dump(run["soldout"], open(os.path.join(out, "flash-soldout.json"), "w"))  # (sent at, latency) of each
    # The attempts already sent when the first "sold out" came back were queued behind the
    # admissions; every later one could be answered by the edge.
    sold_out_at = min((sent + took for sent, took in run["soldout"]), default=float("inf"))
    in_flight = [took for sent, took in run["soldout"] if sent < sold_out_at]
    later = [took for sent, took in run["soldout"] if sent >= sold_out_at]
    answered = sum(run["answers"].values())
    result = {
        "client": f"wrk, {clients} connections on {threads} threads; admitted buyers' pages polled every 2 s (aiohttp)",
        "waiting_pages": run["waiting_pages"],
        "attempts": answered,
        "clients": clients,
        "seconds": round(run["seconds"], 2),
        "attempts_per_s": round(answered / run["seconds"], 1),
        "answers": run["answers"],
        "errors_5xx": sum(n for k, n in run["answers"].items() if k[:1] == "5") + run["socket_errors"],
        "unsent": run["unsent"],
        "p99_ms": pct(run["latency"], 0.99),
        "soldout_p50_ms": pct([took for _, took in run["soldout"]], 0.5),
        "soldout_p99_ms": pct([took for _, took in run["soldout"]], 0.99),
        "sell_out_seconds": round(result["last_order_after"], 2) if result["last_order_after"] is not None else None,
        "sold_out_after_seconds": round(sold_out_at - run["started"], 2) if run["soldout"] else None,
        "soldout_in_flight": {"n": len(in_flight), "p50_ms": pct(in_flight, 0.5), "p99_ms": pct(in_flight, 0.99)},
        "soldout_later": {"n": len(later), "p50_ms": pct(later, 0.5), "p99_ms": pct(later, 0.99)},
        **{k: v for k, v in result.items() if k != "last_order_after"},
    }
    json.dump(result, open(os.path.join(out, "flash.json"), "w"), indent=1)
    print(
        f"flash sale: {result['units_sold']} units sold of {result['quota']} in {result['orders']} orders; oversold {result['oversold']}; "
        f"{result['errors_5xx']} 5xx/socket errors; sold-out p50 {result['soldout_p50_ms']} ms, p99 {result['soldout_p99_ms']} ms"
    )


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else os.cpu_count() or 2)
