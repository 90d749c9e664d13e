-- POST one pre-signed Standard Webhooks request per line of BENCH_SIGNED_FILE ("id timestamp signature"),
-- each webhook-id once: thread k of BENCH_THREADS takes lines k, k+n, k+2n, ... A thread that runs out
-- stops (never re-sends an id, which would be a deduplicated trigger) and the report says so.
dofile("bench/wrk/report.lua")

function init(args)
   local file = assert(os.getenv("BENCH_SIGNED_FILE"), "BENCH_SIGNED_FILE not set")
   local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
   local body = os.getenv("BENCH_BODY") or "{}"
   local path = wrk.path
   requests_ready = {}
   local index, count = 0, 0
   for line in io.lines(file) do
      if index % nthreads == tid then
         local id, ts, sig = line:match("^(%S+) (%S+) (%S+)$")
         count = count + 1
         requests_ready[count] = wrk.format("POST", path, {
            ["Content-Type"] = "application/json",
            ["webhook-id"] = id,
            ["webhook-timestamp"] = ts,
            ["webhook-signature"] = sig,
         }, body)
      end
      index = index + 1
   end
   available = count
   position = 0
   exhausted = false
end

function request()
   position = position + 1
   if position > available then
      exhausted = true
      wrk.thread:stop()
      position = available
   end
   return requests_ready[position]
end

function report_extra()
   local used, total, out = 0, 0, 0
   for _, thread in ipairs(threads) do
      used = used + (thread:get("position") or 0)
      total = total + (thread:get("available") or 0)
      if thread:get("exhausted") then out = out + 1 end
   end
   return string.format(',"signed_used":%d,"signed_available":%d,"threads_exhausted":%d', used, total, out)
end
