import FoundationEssentials
import Postgres

/// Worker-side statements: claim, heartbeat, finish, re-queue, lease expiry.
extension RunStore {
    /// The advisory-lock key of a job (second half of the two-key lock).
    static func lockSQL(_ function: String, job: String) -> SQL {
        SQL(unsafeSQL: "SELECT \(function)(\(jobLockClass), hashtext(") + "\(job))) AS ok"
    }

    /// Claims the oldest queued run whose job lock this session can take, on `connection` — a dedicated
    /// session that keeps the job's advisory lock until `release` (never two runs of one job at once).
    public func claimNext(worker: String, connection: PostgresConnection) throws -> RunRecord? {
        var skipped: [String] = []
        for _ in 0..<8 {
            let claimed: RunRecord?? = try connection.transaction { connection in
                // 1. the oldest queued run of a job not known to be busy
                let candidates = try connection.query("""
                    SELECT id::text AS id, job FROM checktick_jobs.runs
                    WHERE status = 'queued' AND NOT (job = ANY(\(skipped)::text[]))
                    ORDER BY requested_at
                    FOR UPDATE SKIP LOCKED
                    LIMIT 1
                    """)
                guard let row = candidates.first else { return .some(nil) }
                let id = try row.decode("id", as: String.self)
                let job = try row.decode("job", as: String.self)
                // 2. the job's session lock: held for the whole run, released explicitly
                guard try connection.query(Self.lockSQL("pg_try_advisory_lock", job: job))[0].decode("ok", as: Bool.self)
                else {
                    skipped.append(job)
                    return nil
                }
                // 3. mark it running under this worker
                let updated = try connection.query("""
                    UPDATE checktick_jobs.runs
                    SET status = 'running', started_at = clock_timestamp(), heartbeat_at = now(), attempt = attempt + 1,
                        worker = \(worker), finished_at = NULL, exit_code = NULL
                    WHERE id = \(id)::uuid
                    RETURNING \(fragment: RunRecord.columns)
                    """)
                return .some(try RunRecord(row: updated[0]))
            }
            switch claimed {
            case .some(let run): return run
            case .none: continue
            }
        }
        return nil
    }

    /// Releases the job lock taken by `claimNext` on the same session.
    public func release(job: String, connection: PostgresConnection) throws {
        _ = try connection.query(Self.lockSQL("pg_advisory_unlock", job: job))
    }

    /// Records a heartbeat for the runs this replica executes; returns those whose cancel was requested.
    public func heartbeat(runIDs: [String], worker: String) throws -> [String] {
        guard !runIDs.isEmpty else { return [] }
        let rows = try database.query("""
            UPDATE checktick_jobs.runs SET heartbeat_at = now()
            WHERE id = ANY(\(runIDs)::uuid[]) AND status = 'running' AND worker = \(worker)
            RETURNING id::text AS id, cancel_requested
            """)
        return try rows.compactMap { row throws(PostgresError) in
            try row.decode("cancel_requested", as: Bool.self) ? try row.decode("id", as: String.self) : nil
        }
    }

    /// Stores the final state; returns false when the run was no longer running here (already expired).
    @discardableResult
    public func finish(
        runID: String, worker: String, status: RunStatus, exitCode: Int32?, summary: [String: Int64],
        output: String, error: String?
    ) throws -> Bool {
        let summaryText = Self.summaryJSON(summary)
        return try execute("""
            UPDATE checktick_jobs.runs
            SET status = \(status.rawValue), finished_at = clock_timestamp(), heartbeat_at = now(),
                exit_code = \(exitCode.map { Int($0) }), summary = \(summaryText)::jsonb, output = \(output),
                error = \(error)
            WHERE id = \(runID)::uuid AND status = 'running' AND worker = \(worker)
            """) == 1
    }

    /// Puts a run interrupted by shutdown back in the queue (the attempt does not count),
    /// or ends it as `cancelled` when its job already has a waiting run.
    public func requeueAfterShutdown(runID: String, worker: String, output: String) throws {
        try execute("""
            UPDATE checktick_jobs.runs r
            SET status = CASE WHEN r.overlap <> 'allow' AND EXISTS (
                                  SELECT 1 FROM checktick_jobs.runs q
                                  WHERE q.job = r.job AND q.status = 'queued' AND q.id <> r.id)
                              THEN 'cancelled' ELSE 'queued' END,
                finished_at = CASE WHEN r.overlap <> 'allow' AND EXISTS (
                                  SELECT 1 FROM checktick_jobs.runs q
                                  WHERE q.job = r.job AND q.status = 'queued' AND q.id <> r.id)
                              THEN now() END,
                attempt = greatest(r.attempt - 1, 0), worker = NULL, started_at = NULL, output = \(output),
                error = 'interrupted by shutdown; re-queued'
            WHERE r.id = \(runID)::uuid AND r.status = 'running' AND r.worker = \(worker)
            """)
    }

    /// Runs whose replica stopped heartbeating: re-queued once (attempt 1), then `abandoned`.
    /// Returns how many runs were re-queued, and the runs that were abandoned.
    public func expireLeases(olderThan lease: Duration) throws -> (requeued: Int, abandoned: [RunRecord]) {
        let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        let rows = try database.query("""
            UPDATE checktick_jobs.runs r
            SET status = CASE WHEN r.attempt < 2 AND NOT EXISTS (
                                  SELECT 1 FROM checktick_jobs.runs q
                                  WHERE q.job = r.job AND q.status = 'queued' AND q.overlap <> 'allow')
                              THEN 'queued' ELSE 'abandoned' END,
                finished_at = CASE WHEN r.attempt < 2 AND NOT EXISTS (
                                  SELECT 1 FROM checktick_jobs.runs q
                                  WHERE q.job = r.job AND q.status = 'queued' AND q.overlap <> 'allow')
                              THEN NULL ELSE now() END,
                error = 'lease expired: the replica running it stopped heartbeating (' || coalesce(r.worker, '?') || ')',
                worker = NULL
            WHERE r.status = 'running' AND r.heartbeat_at < now() - make_interval(secs => \(seconds)::float8)
            RETURNING \(fragment: RunRecord.qualifiedColumns)
            """)
        var requeued = 0
        var abandoned: [RunRecord] = []
        for row in rows {
            let run = try RunRecord(row: row)
            if run.status == .queued { requeued += 1 } else { abandoned.append(run) }
        }
        if requeued > 0 {
            try execute("SELECT pg_notify(\(Self.queueChannel), 'requeued')")
        }
        return (requeued, abandoned)
    }

    /// Deletes finished runs older than the history window.
    @discardableResult
    public func purgeHistory(olderThanDays days: Int) throws -> Int {
        try execute("""
            DELETE FROM checktick_jobs.runs
            WHERE finished_at IS NOT NULL AND finished_at < now() - make_interval(days => \(days)::int)
            """)
    }

    static func summaryJSON(_ summary: [String: Int64]) -> String {
        let body = summary.keys.sorted().map { key in
            "\"\(key.filter { $0 != "\"" && $0 != "\\" })\":\(summary[key]!)"
        }
        return "{" + body.joined(separator: ",") + "}"
    }
}
