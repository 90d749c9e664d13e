import FoundationEssentials
import Postgres

/// SQL of the key-recovery time-delay step on CheckTick's `surveys_recoveryrequest` and
/// `surveys_recoveryauditentry`.
enum RecoveryStore {
    /// Requests in `in_time_delay` whose `time_delay_until` has passed, oldest first.
    static func expired(_ connection: PostgresConnection, now: Date) throws -> [RecoveryRequestRow] {
        let rows = try connection.query("""
            SELECT r.id::text AS id, r.request_code, r.time_delay_until, r.time_delay_hours, u.email, u.username,
                   s.name AS survey_name
            FROM surveys_recoveryrequest r
            JOIN auth_user u ON u.id = r.user_id
            JOIN surveys_survey s ON s.id = r.survey_id
            WHERE r.status = 'in_time_delay' AND r.time_delay_until <= \(now)
            ORDER BY r.time_delay_until, r.id
            """)
        return try rows.map { row in
            RecoveryRequestRow(
                id: try row.decode("id", as: String.self),
                requestCode: try row.decode("request_code", as: String.self),
                timeDelayUntil: try row.decode("time_delay_until", as: Date.self),
                timeDelayHours: try row.decode("time_delay_hours", as: Int.self),
                userEmail: try row.decode("email", as: String.self),
                username: try row.decode("username", as: String.self),
                surveyName: try row.decode("survey_name", as: String.self))
        }
    }

    /// In one transaction: re-checks and locks the requests, sets those still due to `ready_for_execution`,
    /// appends a hash-chained `time_delay_complete` audit entry to each and records a `recovery_ready`
    /// audit event. Returns the ids that moved.
    static func markReady(
        _ pool: PostgresPool, ids: [String], now: Date, runID: String, job: String
    ) throws -> Set<String> {
        let timestamp = PythonTime(now).isoString
        return try pool.transaction { connection in
            // 1. lock the requests that are still due, with the hash of each one's latest audit entry
            let rows = try connection.query("""
                SELECT r.id::text AS id, r.time_delay_hours, r.request_code,
                       coalesce((SELECT e.entry_hash FROM surveys_recoveryauditentry e
                                 WHERE e.recovery_request_id = r.id
                                 ORDER BY e.timestamp DESC, e.id DESC LIMIT 1), '') AS previous_hash
                FROM surveys_recoveryrequest r
                WHERE r.id = ANY(\(ids)::uuid[]) AND r.status = 'in_time_delay' AND r.time_delay_until <= \(now)
                ORDER BY r.id
                FOR UPDATE OF r
                """)
            guard !rows.isEmpty else { return [] }
            var ready: [String] = []
            var hours: [Int64] = []
            var previous: [String] = []
            var documents: [String] = []
            for row in rows {
                let id = try row.decode("id", as: String.self)
                let delay = try row.decode("time_delay_hours", as: Int.self)
                let previousHash = try row.decode("previous_hash", as: String.self)
                ready.append(id)
                hours.append(Int64(delay))
                previous.append(previousHash)
                documents.append(
                    RecoveryAuditHash.document(
                        requestID: id, timestamp: timestamp, eventType: "time_delay_complete", severity: "info",
                        actorType: "system", timeDelayHours: delay, previousHash: previousHash))
            }
            // 2. the status transition (only the status column, as CheckTick saves it)
            try connection.execute("""
                UPDATE surveys_recoveryrequest SET status = 'ready_for_execution' WHERE id = ANY(\(ready)::uuid[])
                """)
            // 3. the request's own hash-chained audit entry
            try connection.execute("""
                INSERT INTO surveys_recoveryauditentry
                    (id, timestamp, event_type, severity, actor_type, actor_id, actor_email, actor_ip, actor_user_agent,
                     details, entry_hash, previous_hash, forwarded_to_siem, forwarded_at, recovery_request_id)
                SELECT gen_random_uuid(), \(timestamp)::timestamptz, 'time_delay_complete', 'info', 'system', NULL, NULL,
                       NULL, '', jsonb_build_object('time_delay_hours', v.hours),
                       encode(sha256(convert_to(v.document, 'UTF8')), 'hex'), v.previous, false, NULL, v.id
                FROM unnest(\(ready)::uuid[], \(hours)::bigint[], \(previous)::text[], \(documents)::text[])
                     AS v(id, hours, previous, document)
                """)
            // 4. our durable audit trail
            try connection.execute("""
                INSERT INTO checktick_jobs.audit_events (occurred_at, run_id, job, action, subject_type, subject_id, details)
                SELECT \(now), NULLIF(\(runID), '')::uuid, \(job), 'recovery_ready', 'recovery_request', r.id::text,
                       jsonb_build_object('request_code', r.request_code, 'survey_id', r.survey_id,
                                          'time_delay_hours', r.time_delay_hours, 'time_delay_until', r.time_delay_until)
                FROM surveys_recoveryrequest r WHERE r.id = ANY(\(ready)::uuid[])
                """)
            return Set(ready)
        }
    }
}
