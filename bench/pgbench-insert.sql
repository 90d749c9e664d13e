-- One durable trigger's minimum: a single committed INSERT of a run-like row (uuid key, job, jsonb
-- parameters, unique idempotency key), as pgbench's transaction (bench/run, scenario 3).
INSERT INTO bench_trigger (id, job, params, idempotency_key)
VALUES (gen_random_uuid(), 'diagnostic_sleep', '{}'::jsonb, 'webhook:' || gen_random_uuid()::text);
