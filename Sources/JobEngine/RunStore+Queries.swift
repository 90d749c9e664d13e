import FoundationEssentials
import Postgres

/// Read-side statements for the API and the CLI.
extension RunStore {
    /// One run by id; nil when the id is unknown or not a UUID.
    public func run(id: String) throws -> RunRecord? {
        guard UUID(uuidString: id) != nil else { return nil }
        let rows = try database.query("SELECT \(fragment: RunRecord.columns) FROM checktick_jobs.runs WHERE id = \(id)::uuid")
        return try rows.first.map { row throws(PostgresError) in try RunRecord(row: row) }
    }

    /// The latest runs of a job, newest first.
    public func recentRuns(job: String, limit: Int) throws -> [RunRecord] {
        let rows = try database.query("""
            SELECT \(fragment: RunRecord.columns) FROM checktick_jobs.runs WHERE job = \(job)
            ORDER BY requested_at DESC LIMIT \(limit)
            """)
        return try rows.map { row throws(PostgresError) in try RunRecord(row: row) }
    }

    /// Latest run, latest success and whether the latest finished run failed, for each named job.
    /// A dry run never counts as a success: it did none of the job's work.
    public func jobStates(jobs: [String]) throws -> [String: JobState] {
        let rows = try database.query("""
            SELECT j.job,
                   (SELECT max(finished_at) FROM checktick_jobs.runs s
                    WHERE s.job = j.job AND s.status = 'succeeded'
                      AND (s.params->>'dry_run')::boolean IS NOT TRUE) AS last_success,
                   (SELECT f.status FROM checktick_jobs.runs f
                    WHERE f.job = j.job AND f.finished_at IS NOT NULL AND f.status <> 'cancelled'
                    ORDER BY f.finished_at DESC LIMIT 1) AS last_finished_status,
                   (SELECT l.id::text FROM checktick_jobs.runs l
                    WHERE l.job = j.job ORDER BY l.requested_at DESC LIMIT 1) AS last_run_id
            FROM unnest(\(jobs)::text[]) AS j(job)
            """)
        var lastRunIDs: [String] = []
        var partial: [(String, Date?, Bool, String?)] = []
        for row in rows {
            let job = try row.decode("job", as: String.self)
            let status = try row.decode("last_finished_status", as: String?.self)
            let failed = status.map { $0 == "failed" || $0 == "timed_out" || $0 == "abandoned" } ?? false
            let lastRunID = try row.decode("last_run_id", as: String?.self)
            if let lastRunID { lastRunIDs.append(lastRunID) }
            partial.append((job, try row.decode("last_success", as: Date?.self), failed, lastRunID))
        }
        var runs: [String: RunRecord] = [:]
        if !lastRunIDs.isEmpty {
            let runRows = try database.query(
                "SELECT \(fragment: RunRecord.columns) FROM checktick_jobs.runs WHERE id = ANY(\(lastRunIDs)::uuid[])")
            for row in runRows {
                let run = try RunRecord(row: row)
                runs[run.id] = run
            }
        }
        var states: [String: JobState] = [:]
        for (job, lastSuccess, failed, lastRunID) in partial {
            states[job] = JobState(
                job: job, lastRun: lastRunID.flatMap { runs[$0] }, lastSuccessAt: lastSuccess, lastFinishedFailed: failed)
        }
        return states
    }

    /// Number of queued runs.
    public func queueDepth() throws -> Int {
        try database.query("SELECT count(*) AS n FROM checktick_jobs.runs WHERE status = 'queued'")[0]
            .decode("n", as: Int.self)
    }

    /// Cancels a queued run at once, or flags a running one (its replica stops it at the next heartbeat).
    public func requestCancel(id: String) throws -> RunRecord {
        guard UUID(uuidString: id) != nil else { throw JobEngineError.runNotFound }
        let rows = try database.query("""
            WITH prior AS (
                SELECT id AS prior_id, status AS prior_status FROM checktick_jobs.runs WHERE id = \(id)::uuid FOR UPDATE
            )
            UPDATE checktick_jobs.runs r
            SET status = CASE WHEN r.status = 'queued' THEN 'cancelled' ELSE r.status END,
                finished_at = CASE WHEN r.status = 'queued' THEN now() ELSE r.finished_at END,
                error = CASE WHEN r.status = 'queued' THEN 'cancelled before it started' ELSE r.error END,
                cancel_requested = r.status IN ('queued', 'running') OR r.cancel_requested
            FROM prior
            WHERE r.id = prior.prior_id
            RETURNING \(fragment: RunRecord.columns), prior.prior_status
            """)
        guard let row = rows.first else { throw JobEngineError.runNotFound }
        let prior = try row.decode("prior_status", as: String.self)
        guard prior == RunStatus.queued.rawValue || prior == RunStatus.running.rawValue else {
            throw JobEngineError.runFinished
        }
        let run = try RunRecord(row: row)
        return run
    }
}
