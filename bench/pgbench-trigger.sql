-- Context for scenario 3 (bench/run): checktick-jobs' own enqueue transaction for a new webhook-id
-- (Sources/JobEngine/RunStore.swift, enqueue with overlap `allow`), replayed by pgbench against the
-- service's real tables, without HTTP, signature or Swift: what the database alone allows for it.
SELECT gen_random_uuid()::text AS rid, 'pgbench-' || gen_random_uuid()::text AS k \gset
BEGIN;
SELECT r.id FROM checktick_jobs.runs r
WHERE r.id = (SELECT run_id FROM checktick_jobs.trigger_keys WHERE key = :k);
INSERT INTO checktick_jobs.trigger_keys (key, run_id) VALUES (:k, :rid::uuid)
ON CONFLICT (key) DO NOTHING RETURNING key;
SELECT count(*) AS depth FROM checktick_jobs.runs WHERE status = 'queued';
INSERT INTO checktick_jobs.runs (id, job, status, overlap, params, trigger, idempotency_key, request_id, scheduled_for)
SELECT :rid::uuid, 'diagnostic_sleep'::text, 'queued', 'allow'::text, '{}'::jsonb, 'http'::text, :k::text,
       'pgbench'::text, NULL::timestamptz
WHERE 1 < 1000000
ON CONFLICT DO NOTHING
RETURNING *;
SELECT pg_notify('checktick_jobs_queue', 'diagnostic_sleep');
COMMIT;
