import FoundationEssentials
import Postgres

/// SQL of the key-recovery time-delay step on CheckTick's `surveys_recoveryrequest` and
/// `surveys_recoveryauditentry`, and of our "ready" e-mail outbox `checktick_jobs.recovery_notifications`.
enum RecoveryStore {
    /// What one `markReady` transaction did.
    typealias Transition = (ready: Set<String>, notify: Set<String>)

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
        return try rows.map(requestRow)
    }

    /// Requests still `ready_for_execution` whose "ready" e-mail is pending, in the order they became ready.
    static func pendingNotifications(_ connection: PostgresConnection) throws -> [RecoveryRequestRow] {
        let rows = try connection.query("""
            SELECT r.id::text AS id, r.request_code, r.time_delay_until, r.time_delay_hours, u.email, u.username,
                   s.name AS survey_name
            FROM checktick_jobs.recovery_notifications n
            JOIN surveys_recoveryrequest r ON r.id = n.request_id
            JOIN auth_user u ON u.id = r.user_id
            JOIN surveys_survey s ON s.id = r.survey_id
            WHERE n.status = 'pending' AND r.status = 'ready_for_execution'
            ORDER BY n.recorded_at, n.request_id
            """)
        return try rows.map(requestRow)
    }

    /// Drops the pending e-mails of requests that left `ready_for_execution` (completed, cancelled,
    /// rejected) or no longer exist: they are never sent. Returns how many were dropped.
    static func dropStaleNotifications(_ connection: PostgresConnection, now: Date) throws -> Int {
        try connection.execute("""
            UPDATE checktick_jobs.recovery_notifications n SET status = 'dropped', dropped_at = \(now)
            WHERE n.status = 'pending'
              AND NOT EXISTS (SELECT 1 FROM surveys_recoveryrequest r
                              WHERE r.id = n.request_id AND r.status = 'ready_for_execution')
            """)
    }

    /// Records one round of sends in one transaction: accepted e-mails become `sent`, failed ones stay
    /// `pending` with their attempt counted and the (client-safe) reason kept.
    static func recordNotifications(
        _ pool: PostgresPool, sent: [String], failed: [(id: String, reason: String)], now: Date
    ) throws {
        guard !sent.isEmpty || !failed.isEmpty else { return }
        let failedIDs = failed.map(\.id)
        let reasons = failed.map(\.reason)
        try pool.transaction { connection in
            // 1. accepted by the SMTP server: never sent again
            try connection.execute("""
                UPDATE checktick_jobs.recovery_notifications
                SET status = 'sent', sent_at = \(now), attempts = attempts + 1, last_attempt_at = \(now),
                    last_error = NULL
                WHERE request_id = ANY(\(sent)::uuid[]) AND status = 'pending'
                """)
            // 2. not delivered: stays pending for the next run
            try connection.execute("""
                UPDATE checktick_jobs.recovery_notifications n
                SET attempts = n.attempts + 1, last_attempt_at = \(now), last_error = v.reason
                FROM unnest(\(failedIDs)::uuid[], \(reasons)::text[]) AS v(id, reason)
                WHERE n.request_id = v.id AND n.status = 'pending'
                """)
        }
    }

    /// One request with its user and survey, from the columns both request queries select.
    private static func requestRow(_ row: PostgresRow) throws -> RecoveryRequestRow {
        RecoveryRequestRow(
            id: try row.decode("id", as: String.self),
            requestCode: try row.decode("request_code", as: String.self),
            timeDelayUntil: try row.decode("time_delay_until", as: Date.self),
            timeDelayHours: try row.decode("time_delay_hours", as: Int.self),
            userEmail: try row.decode("email", as: String.self),
            username: try row.decode("username", as: String.self),
            surveyName: try row.decode("survey_name", as: String.self))
    }

    /// In one transaction: re-checks and locks the requests, sets those still due to `ready_for_execution`,
    /// appends a hash-chained `time_delay_complete` audit entry to each, records a `recovery_ready`
    /// audit event and a pending "ready" e-mail. Returns the ids that moved and those whose e-mail is
    /// now pending (all of them, unless one was already sent for a request).
    static func markReady(
        _ pool: PostgresPool, ids: [String], now: Date, runID: String, job: String
    ) throws -> Transition {
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
            guard !rows.isEmpty else { return (ready: [], notify: []) }
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
            // 5. the "ready" e-mail, durable from here on; one already sent for a request is never repeated
            let pending = try connection.query("""
                INSERT INTO checktick_jobs.recovery_notifications (request_id, status, recorded_at, run_id)
                SELECT v.id, 'pending', \(now), NULLIF(\(runID), '')::uuid FROM unnest(\(ready)::uuid[]) AS v(id)
                ON CONFLICT (request_id) DO UPDATE
                    SET status = 'pending', recorded_at = excluded.recorded_at, run_id = excluded.run_id,
                        dropped_at = NULL
                    WHERE recovery_notifications.status <> 'sent'
                RETURNING request_id::text AS id
                """)
            let notify = try pending.map { try $0.decode("id", as: String.self) }
            return (ready: Set(ready), notify: Set(notify))
        }
    }
}
