-- Shared by every bench script: done() prints one machine-readable line with the run's figures.
-- (wrk loads the script once per thread and once more for setup/done; `threads` lives in the latter.)
threads = {}

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

function done(summary, latency, requests)
   local e = summary.errors
   local extra = ""
   if type(report_extra) == "function" then extra = report_extra() end
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"p50":%d,"p75":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}%s}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(99),
      latency.max, latency.mean, extra))
end
