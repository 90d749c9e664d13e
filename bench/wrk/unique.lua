-- POST pre-signed Standard Webhooks triggers, each webhook-id once. BENCH_SIGNED_FILE holds complete
-- requests of equal length back to back (bench/sign_requests.py); thread k of BENCH_THREADS sends
-- requests k, k+n, k+2n, ... A thread that runs out stops (it never re-sends an id, which would be a
-- deduplicated trigger) and the report says when, so the rate can be taken over the time it ran.
dofile("bench/wrk/report.lua")

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
   ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
   return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

function init(args)
   local file = assert(io.open(assert(os.getenv("BENCH_SIGNED_FILE"), "BENCH_SIGNED_FILE not set"), "rb"))
   data = file:read("*a")
   file:close()
   stride = tonumber(os.getenv("BENCH_THREADS") or "1")
   local body = os.getenv("BENCH_BODY") or "{}"
   record = data:find("\r\n\r\n", 1, true) + 3 + #body
   local total = math.floor(#data / record)
   available = math.floor((total - tid + stride - 1) / stride)
   position = 0
   exhausted = false
   exhausted_after_us = 0
   started_us = now_us()
end

function request()
   if position >= available then
      if not exhausted then exhausted_after_us = now_us() - started_us end
      exhausted = true
      wrk.thread:stop()
      position = available
   else
      position = position + 1
   end
   local start = ((position - 1) * stride + tid) * record + 1
   return data:sub(start, start + record - 1)
end

function report_extra()
   -- A thread that ran out stopped early: the run's rate is then requests / the latest stop time.
   local used, total, out, last = 0, 0, 0, 0
   for _, thread in ipairs(threads) do
      used = used + (thread:get("position") or 0)
      total = total + (thread:get("available") or 0)
      if thread:get("exhausted") then
         out = out + 1
         last = math.max(last, thread:get("exhausted_after_us") or 0)
      end
   end
   return string.format(',"signed_used":%d,"signed_available":%d,"threads_exhausted":%d,"exhausted_after_us":%d',
      used, total, out, last)
end
