import FoundationEssentials
import Postgres

/// Set-based SQL of the retention rules (CheckTick's `RetentionService`), on CheckTick's own tables.
enum RetentionStore {
    /// Name under which the governance job keeps its ledger epoch in `checktick_jobs.job_state`.
    static let ledgerJob = "process_data_governance"

    /// The ledger's epoch (first governance run on this database); recorded as `now` on the first real run.
    /// A dry run only reads it and uses `now` when none is recorded.
    static func ledgerEpoch(_ connection: PostgresConnection, now: Date, record: Bool) throws -> Date {
        if record {
            try connection.execute("""
                INSERT INTO checktick_jobs.job_state (job, first_run_at) VALUES (\(ledgerJob), \(now))
                ON CONFLICT (job) DO NOTHING
                """)
        }
        let rows = try connection.query("SELECT first_run_at FROM checktick_jobs.job_state WHERE job = \(ledgerJob)")
        return try rows.first?.decode("first_run_at", as: Date.self) ?? now
    }

    /// Surveys due window `window`'s warning: in its band, by CheckTick's ±12 h rule or by catch-up,
    /// not soft-deleted, without an active legal hold, and not yet warned at this or a nearer window.
    static func warningCandidates(
        _ connection: PostgresConnection, window: WarningWindow, now: Date, epoch: Date
    ) throws -> [WarningCandidate] {
        let bounds = window.bounds(now: now, epoch: epoch)
        let rows = try connection.query("""
            SELECT s.id, s.name, s.slug, s.deletion_date, s.deletion_date::text AS deletion_key, s.closed_at,
                   s.retention_months, u.email, u.username
            FROM surveys_survey s
            JOIN auth_user u ON u.id = s.owner_id
            WHERE s.deleted_at IS NULL
              AND s.deletion_date > \(bounds.bandLower) AND s.deletion_date <= \(bounds.bandUpper)
              AND ((s.deletion_date >= \(bounds.exactLower) AND s.deletion_date <= \(bounds.exactUpper))
                   OR s.deletion_date >= \(bounds.catchUpFrom))
              AND NOT EXISTS (SELECT 1 FROM surveys_legalhold h WHERE h.survey_id = s.id AND h.removed_at IS NULL)
              AND NOT EXISTS (SELECT 1 FROM checktick_jobs.deletion_warnings w
                              WHERE w.survey_id = s.id AND w.deletion_date = s.deletion_date
                                AND w.window_days <= \(window.days))
            ORDER BY s.deletion_date, s.id
            """)
        return try rows.map { row in
            WarningCandidate(
                surveyID: try row.decode("id", as: Int64.self),
                name: try row.decode("name", as: String.self),
                slug: try row.decode("slug", as: String.self),
                deletionDate: try row.decode("deletion_date", as: Date.self),
                deletionKey: try row.decode("deletion_key", as: String.self),
                closedAt: try row.decode("closed_at", as: Date?.self),
                retentionMonths: try row.decode("retention_months", as: Int.self),
                ownerEmail: try row.decode("email", as: String.self),
                ownerUsername: try row.decode("username", as: String.self))
        }
    }

    /// Records sent warnings in the ledger and in `audit_events`, in one transaction.
    static func recordWarnings(
        _ connection: PostgresConnection, sent: [(WarningCandidate, window: Int)], runID: String, now: Date
    ) throws {
        guard !sent.isEmpty else { return }
        let ids = sent.map(\.0.surveyID)
        let windows = sent.map { Int64($0.window) }
        let keys = sent.map(\.0.deletionKey)
        let recipients = sent.map(\.0.ownerEmail)
        try connection.transaction { connection in
            // 1. the ledger: one row per survey, deletion date and window
            try connection.execute("""
                INSERT INTO checktick_jobs.deletion_warnings
                    (survey_id, window_days, deletion_date, sent_at, run_id, recipient)
                SELECT v.id, v.window_days, v.deletion_date::timestamptz, \(now), NULLIF(\(runID), '')::uuid, v.recipient
                FROM unnest(\(ids)::bigint[], \(windows)::bigint[], \(keys)::text[], \(recipients)::text[])
                     AS v(id, window_days, deletion_date, recipient)
                ON CONFLICT DO NOTHING
                """)
            // 2. the durable audit trail
            try connection.execute("""
                INSERT INTO checktick_jobs.audit_events (occurred_at, run_id, job, action, subject_type, subject_id, details)
                SELECT \(now), NULLIF(\(runID), '')::uuid, \(ledgerJob), 'warning_sent', 'survey', v.id::text,
                       jsonb_build_object('window_days', v.window_days, 'deletion_date', v.deletion_date::timestamptz,
                                          'recipient', v.recipient)
                FROM unnest(\(ids)::bigint[], \(windows)::bigint[], \(keys)::text[], \(recipients)::text[])
                     AS v(id, window_days, deletion_date, recipient)
                """)
        }
    }

    /// Surveys the soft-delete step would take but an active legal hold protects, plus the same for hard delete.
    static func legalHoldSkips(_ connection: PostgresConnection, now: Date) throws -> Int {
        let rows = try connection.query("""
            SELECT count(*) AS n FROM surveys_survey s
            WHERE EXISTS (SELECT 1 FROM surveys_legalhold h WHERE h.survey_id = s.id AND h.removed_at IS NULL)
              AND ((s.deletion_date <= \(now) AND s.deleted_at IS NULL AND s.closed_at IS NOT NULL)
                   OR (s.hard_deletion_date <= \(now) AND s.deleted_at IS NOT NULL))
            """)
        return try rows[0].decode("n", as: Int.self)
    }

    /// Soft-deletes up to `limit` due surveys (closed, past their deletion date, no active hold) and
    /// writes an audit event for each, in one transaction; returns how many.
    static func softDeleteBatch(
        _ pool: PostgresPool, now: Date, graceDays: Int, limit: Int, runID: String
    ) throws -> Int {
        let hardDate = now.addingTimeInterval(Double(graceDays) * 86_400)
        return try pool.transaction { connection in
            // 1. lock and update one batch
            let rows = try connection.query("""
                WITH batch AS (
                    SELECT s.id FROM surveys_survey s
                    WHERE s.deletion_date <= \(now) AND s.deleted_at IS NULL AND s.closed_at IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM surveys_legalhold h
                                      WHERE h.survey_id = s.id AND h.removed_at IS NULL)
                    ORDER BY s.id
                    LIMIT \(limit)
                    FOR UPDATE OF s SKIP LOCKED
                )
                UPDATE surveys_survey s SET deleted_at = \(now), hard_deletion_date = \(hardDate)
                FROM batch WHERE s.id = batch.id
                RETURNING s.id, s.slug, s.name, s.deletion_date
                """)
            guard !rows.isEmpty else { return 0 }
            let ids = try rows.map { try $0.decode("id", as: Int64.self) }
            // 2. one audit event per survey
            try connection.execute("""
                INSERT INTO checktick_jobs.audit_events (occurred_at, run_id, job, action, subject_type, subject_id, details)
                SELECT \(now), NULLIF(\(runID), '')::uuid, \(ledgerJob), 'soft_delete', 'survey', s.id::text,
                       jsonb_build_object('survey_slug', s.slug, 'survey_name', s.name,
                                          'deletion_date', s.deletion_date, 'deleted_at', s.deleted_at,
                                          'hard_deletion_date', s.hard_deletion_date)
                FROM surveys_survey s WHERE s.id = ANY(\(ids)::bigint[])
                """)
            return rows.count
        }
    }
}
