import Postgres

/// The ordered migrations of the service's own schema `checktick_jobs` (never Django's tables).
public enum EngineSchema {
    /// Schema name.
    public static let schema = "checktick_jobs"

    /// All migrations, oldest first. Append only: never edit one that has shipped.
    public static let migrations: [Migration] = [
        Migration("0001_runs", sql: """
            -- 1. one row per run; the partial unique indexes enforce the overlap policies
            CREATE TABLE checktick_jobs.runs (
                id uuid PRIMARY KEY,
                job text NOT NULL,
                status text NOT NULL CHECK (status IN
                    ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'abandoned')),
                overlap text NOT NULL CHECK (overlap IN ('queue', 'forbid', 'allow')),
                params jsonb NOT NULL DEFAULT '{}'::jsonb,
                trigger text NOT NULL,
                idempotency_key text UNIQUE,
                request_id text,
                scheduled_for timestamptz,
                requested_at timestamptz NOT NULL DEFAULT now(),
                started_at timestamptz,
                finished_at timestamptz,
                heartbeat_at timestamptz,
                attempt integer NOT NULL DEFAULT 0,
                worker text,
                cancel_requested boolean NOT NULL DEFAULT false,
                exit_code integer,
                summary jsonb NOT NULL DEFAULT '{}'::jsonb,
                output text NOT NULL DEFAULT '',
                error text
            );
            CREATE UNIQUE INDEX runs_one_waiting ON checktick_jobs.runs (job)
                WHERE status = 'queued' AND overlap = 'queue';
            CREATE UNIQUE INDEX runs_one_active ON checktick_jobs.runs (job)
                WHERE status IN ('queued', 'running') AND overlap = 'forbid';
            CREATE UNIQUE INDEX runs_schedule_slot ON checktick_jobs.runs (job, scheduled_for)
                WHERE scheduled_for IS NOT NULL;
            CREATE INDEX runs_queue ON checktick_jobs.runs (requested_at) WHERE status = 'queued';
            CREATE INDEX runs_running ON checktick_jobs.runs (heartbeat_at) WHERE status = 'running';
            CREATE INDEX runs_job_recent ON checktick_jobs.runs (job, requested_at DESC);
            CREATE INDEX runs_job_success ON checktick_jobs.runs (job, finished_at DESC) WHERE status = 'succeeded';
            CREATE INDEX runs_finished ON checktick_jobs.runs (finished_at) WHERE finished_at IS NOT NULL;

            -- 2. every idempotency key (webhook-id / Idempotency-Key) seen, with the run it created or joined
            CREATE TABLE checktick_jobs.trigger_keys (
                key text PRIMARY KEY,
                run_id uuid NOT NULL REFERENCES checktick_jobs.runs (id) ON DELETE CASCADE
                    DEFERRABLE INITIALLY DEFERRED,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX trigger_keys_run ON checktick_jobs.trigger_keys (run_id);
            """),
        Migration("0002_governance_ledger_and_audit", sql: """
            -- 1. one row per deletion warning actually sent (exactly one per survey, deletion date and window)
            CREATE TABLE checktick_jobs.deletion_warnings (
                survey_id bigint NOT NULL,
                window_days integer NOT NULL,
                deletion_date timestamptz NOT NULL,
                sent_at timestamptz NOT NULL DEFAULT now(),
                run_id uuid,
                recipient text,
                PRIMARY KEY (survey_id, deletion_date, window_days)
            );
            -- 2. a durable record of every warning, deletion and recovery step (outlives the survey's cascade)
            CREATE TABLE checktick_jobs.audit_events (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                occurred_at timestamptz NOT NULL DEFAULT now(),
                run_id uuid,
                job text NOT NULL,
                action text NOT NULL CHECK (action IN ('warning_sent', 'soft_delete', 'hard_delete', 'recovery_ready')),
                subject_type text NOT NULL CHECK (subject_type IN ('survey', 'recovery_request')),
                subject_id text NOT NULL,
                details jsonb NOT NULL DEFAULT '{}'::jsonb
            );
            CREATE INDEX audit_events_subject ON checktick_jobs.audit_events (subject_type, subject_id);
            CREATE INDEX audit_events_run ON checktick_jobs.audit_events (run_id);
            """),
        Migration("0003_runs_key_not_unique", sql: """
            -- Every idempotency key goes through trigger_keys, whose primary key keeps it unique; the
            -- second unique index on runs.idempotency_key only made every stored trigger slower.
            ALTER TABLE checktick_jobs.runs DROP CONSTRAINT IF EXISTS runs_idempotency_key_key;
            """),
    ]
}
