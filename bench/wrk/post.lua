-- POST a fixed body (BENCH_BODY, default {}); signature headers come from wrk -H, so every request is
-- the same bytes (rejected signatures, a repeated webhook-id, webhook's valid signature).
dofile("bench/wrk/report.lua")
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or "{}"
wrk.headers["Content-Type"] = "application/json"
