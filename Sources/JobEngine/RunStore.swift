import FoundationEssentials
import Postgres

/// Durable run state in `checktick_jobs.runs`: every statement the engine and the API issue.
public final class RunStore: Sendable {
    /// The NOTIFY channel that wakes workers when a run is queued.
    public static let queueChannel = "checktick_jobs_queue"
    /// First key of the two-key advisory locks that serialise runs of one job across replicas.
    public static let jobLockClass: Int32 = 0x636B_746A

    /// The pool used for every statement.
    public let database: PostgresPool

    /// Creates a store on a pool.
    public init(database: PostgresPool) {
        self.database = database
    }

    /// Stores a trigger: deduplicates by idempotency key, applies the overlap policy and the queue capacity,
    /// and commits before returning (the caller acknowledges only after this).
    ///
    /// `fastPath` (the caller knows the queue is well below capacity) first tries the common case — a new
    /// key and no overlap — as ONE autocommit statement; anything else (a repeated key, a waiting run to
    /// join, a forbidden overlap, a full queue) falls back to the exact transactional path.
    /// `notify` false skips the NOTIFY on the fast path (another trigger of this process sent one moments ago:
    /// NOTIFY serialises commits on a global lock, and one wake-up per burst is enough).
    public func enqueue(
        _ request: RunRequest, queueCapacity: Int, fastPath: Bool = false, notify: Bool = true
    ) throws -> EnqueueOutcome {
        if fastPath, let run = try insertDirectly(request, notify: notify) {
            return .created(run)
        }
        if let key = request.idempotencyKey,
           let existing = try database.withConnection({ connection in try runForKey(key, connection: connection) })
        {
            return .deduplicated(existing)
        }
        // A concurrent trigger can win a race between our statements (it commits the same key, or the
        // waiting run gets claimed); each such case rolls the transaction back (nothing of it may commit:
        // the key row would point at a run that was never inserted) and resolves on the next pass.
        for _ in 0..<5 {
            do {
                return try database.transaction { connection in
                    guard let outcome = try enqueueOnce(request, queueCapacity: queueCapacity, connection: connection)
                    else { throw StartOver() }
                    return outcome
                }
            } catch is StartOver {
                continue
            }
        }
        throw PostgresError(.queryFailed, message: "enqueue did not converge after 5 attempts")
    }

    /// The common case in one statement: claim the key, insert the run, notify the workers. Returns nil
    /// when the key was seen before or the overlap policy refused the insert (nothing is then stored:
    /// the key row's deferred foreign key fails the whole statement if its run was not inserted).
    private func insertDirectly(_ request: RunRequest, notify: Bool) throws -> RunRecord? {
        let runID = RunID.make()
        let sql = Self.directInsertSQL(request, runID: runID, notify: notify)
        let rows: PostgresRows
        do {
            rows = try database.query(sql)
        } catch {
            if error.sqlState == "23503" { return nil }
            throw error
        }
        guard let row = rows.first else { return nil }
        return try RunRecord(row: row)
    }

    private static func directInsertSQL(_ request: RunRequest, runID: String, notify: Bool) -> SQL {
        let keyCTE: SQL = request.idempotencyKey.map { key in
            """
            key_row AS (
                INSERT INTO checktick_jobs.trigger_keys (key, run_id) VALUES (\(key), \(runID)::uuid)
                ON CONFLICT (key) DO NOTHING RETURNING key
            ),
            """
        } ?? ""
        let guardClause: SQL = request.idempotencyKey == nil ? "" : "WHERE EXISTS (SELECT 1 FROM key_row)"
        return """
            WITH \(fragment: keyCTE)
            run_row AS (
                INSERT INTO checktick_jobs.runs
                    (id, job, status, overlap, params, trigger, idempotency_key, request_id, scheduled_for)
                SELECT \(runID)::uuid, \(request.descriptor.name)::text, 'queued', \(request.descriptor.overlap.rawValue)::text,
                       \(request.parameters.jsonText)::jsonb, \(request.trigger.rawValue)::text,
                       \(request.idempotencyKey)::text, \(request.requestID)::text, \(request.scheduledFor)::timestamptz
                \(fragment: guardClause)
                ON CONFLICT DO NOTHING
                RETURNING \(fragment: RunRecord.columns)
            ),
            notified AS (SELECT pg_notify(\(queueChannel), job) FROM run_row WHERE \(notify))
            SELECT run_row.*, (SELECT count(*) FROM notified) AS notified FROM run_row
            """
    }

    /// Thrown inside the enqueue transaction to roll it back and try again.
    private struct StartOver: Error {}

    private func enqueueOnce(
        _ request: RunRequest, queueCapacity: Int, connection: PostgresConnection
    ) throws -> EnqueueOutcome? {
        let runID = RunID.make()
        let job = request.descriptor.name
        if let key = request.idempotencyKey {
            // 1. a key seen before returns the run it created or joined
            if let existing = try runForKey(key, connection: connection) {
                return .deduplicated(existing)
            }
            // 2. claim the key; a concurrent holder makes this insert wait, then return nothing
            let claimed = try connection.query("""
                INSERT INTO checktick_jobs.trigger_keys (key, run_id) VALUES (\(key), \(runID)::uuid)
                ON CONFLICT (key) DO NOTHING RETURNING key
                """)
            if claimed.isEmpty { return nil }
        }
        // 3. bounded queue
        let depth = try Self.cappedQueueDepth(connection, cap: queueCapacity)
        // 4. insert; the partial unique indexes turn an overlap into "no row"
        let inserted = try connection.query("""
            INSERT INTO checktick_jobs.runs
                (id, job, status, overlap, params, trigger, idempotency_key, request_id, scheduled_for)
            SELECT \(runID)::uuid, \(job)::text, 'queued', \(request.descriptor.overlap.rawValue)::text,
                   \(request.parameters.jsonText)::jsonb, \(request.trigger.rawValue)::text,
                   \(request.idempotencyKey)::text, \(request.requestID)::text, \(request.scheduledFor)::timestamptz
            WHERE \(depth)::bigint < \(queueCapacity)::bigint
            ON CONFLICT DO NOTHING
            RETURNING \(fragment: RunRecord.columns)
            """)
        if let row = inserted.first {
            try connection.execute("SELECT pg_notify(\(Self.queueChannel), \(job))")
            return .created(try RunRecord(row: row))
        }
        if depth >= queueCapacity {
            // 5. the queue is full, unless the trigger would coalesce into the waiting run anyway
            if request.descriptor.overlap == .queue, let waiting = try waitingRun(job: job, connection: connection) {
                try attachKey(request.idempotencyKey, to: waiting.id, connection: connection)
                return .coalesced(waiting)
            }
            throw JobEngineError.queueFull
        }
        if request.scheduledFor != nil, let slot = try scheduledRun(job: job, slot: request.scheduledFor!, connection: connection) {
            return .deduplicated(slot)
        }
        switch request.descriptor.overlap {
        case .queue:
            // 6. coalesce into the waiting run (if it was claimed meanwhile, start over)
            guard let waiting = try waitingRun(job: job, connection: connection) else { return nil }
            try attachKey(request.idempotencyKey, to: waiting.id, connection: connection)
            return .coalesced(waiting)
        case .forbid:
            let active = try connection.query("""
                SELECT id::text AS id FROM checktick_jobs.runs
                WHERE job = \(job) AND status IN ('queued', 'running') LIMIT 1
                """)
            guard let row = active.first else { return nil }
            throw JobEngineError.jobRunning(runID: try row.decode("id", as: String.self))
        case .allow:
            return nil
        }
    }

    private func runForKey(_ key: String, connection: PostgresConnection) throws -> RunRecord? {
        let rows = try connection.query("""
            SELECT \(fragment: RunRecord.columns) FROM checktick_jobs.runs
            WHERE id = (SELECT run_id FROM checktick_jobs.trigger_keys WHERE key = \(key))
            """)
        return try rows.first.map { row throws(PostgresError) in try RunRecord(row: row) }
    }

    private func waitingRun(job: String, connection: PostgresConnection) throws -> RunRecord? {
        let rows = try connection.query("""
            SELECT \(fragment: RunRecord.columns) FROM checktick_jobs.runs
            WHERE job = \(job) AND status = 'queued' ORDER BY requested_at LIMIT 1
            """)
        return try rows.first.map { row throws(PostgresError) in try RunRecord(row: row) }
    }

    private func scheduledRun(job: String, slot: Date, connection: PostgresConnection) throws -> RunRecord? {
        let rows = try connection.query("""
            SELECT \(fragment: RunRecord.columns) FROM checktick_jobs.runs WHERE job = \(job) AND scheduled_for = \(slot)
            """)
        return try rows.first.map { row throws(PostgresError) in try RunRecord(row: row) }
    }

    private func attachKey(_ key: String?, to runID: String, connection: PostgresConnection) throws {
        guard let key else { return }
        try connection.execute("UPDATE checktick_jobs.trigger_keys SET run_id = \(runID)::uuid WHERE key = \(key)")
    }
}

extension RunStore {
    /// Queued runs, counted up to `cap` (a bounded scan of the partial index, however long the queue).
    static func cappedQueueDepth(_ connection: PostgresConnection, cap: Int) throws(PostgresError) -> Int {
        try connection.query("""
            SELECT count(*) AS depth FROM (
                SELECT 1 FROM checktick_jobs.runs WHERE status = 'queued' LIMIT \(cap)
            ) AS queued
            """)[0].decode("depth", as: Int.self)
    }

    /// Runs a statement on a pooled connection and returns the affected row count.
    @discardableResult
    func execute(_ sql: SQL) throws(PostgresError) -> Int {
        try database.query(sql).affectedRows
    }
}

extension RunStore {
    /// Stores many new-key triggers in ONE autocommit statement (an application-level group commit): each
    /// request claims its key and inserts its run. The answer has one entry per request, in order: the
    /// created run, or nil when its key was seen before (that request needs the exact path). Callers put
    /// at most one request per key in a batch, and only requests no unique index can refuse (overlap
    /// `allow`, no schedule slot): a refused run fails the whole statement, which then stores nothing.
    /// Prepared once per connection; the run rows are not read back (the record is built from the request).
    func insertBatch(_ requests: [RunRequest], notify: Bool) throws(PostgresError) -> [RunRecord?] {
        guard !requests.isEmpty else { return [] }
        let ids = RunID.make(count: requests.count)
        var jobs: [String] = [], overlaps: [String] = [], params: [String] = []
        var triggers: [String] = [], keys: [String] = [], requestIDs: [String] = []
        for request in requests {
            jobs.append(request.descriptor.name)
            overlaps.append(request.descriptor.overlap.rawValue)
            params.append(request.parameters.jsonText)
            triggers.append(request.trigger.rawValue)
            keys.append(request.idempotencyKey ?? "")
            requestIDs.append(request.requestID ?? "")
        }
        let rows = try database.query(prepared: """
            WITH input AS (
                SELECT id, job, overlap, params, trigger, NULLIF(key, '') AS key, NULLIF(request_id, '') AS request_id
                FROM unnest(\(ids)::uuid[], \(jobs)::text[], \(overlaps)::text[], \(params)::jsonb[],
                            \(triggers)::text[], \(keys)::text[], \(requestIDs)::text[])
                    AS t(id, job, overlap, params, trigger, key, request_id)
            ),
            key_rows AS (
                INSERT INTO checktick_jobs.trigger_keys (key, run_id)
                SELECT key, id FROM input WHERE key IS NOT NULL
                ON CONFLICT (key) DO NOTHING RETURNING run_id
            ),
            run_rows AS (
                INSERT INTO checktick_jobs.runs
                    (id, job, status, overlap, params, trigger, idempotency_key, request_id)
                SELECT input.id, input.job, 'queued', input.overlap, input.params, input.trigger, input.key,
                       input.request_id
                FROM input LEFT JOIN key_rows ON key_rows.run_id = input.id
                WHERE input.key IS NULL OR key_rows.run_id IS NOT NULL
                RETURNING id::text AS id, requested_at
            ),
            notified AS (
                SELECT pg_notify(\(Self.queueChannel), job) FROM (SELECT DISTINCT job FROM input) AS jobs
                WHERE \(notify) AND EXISTS (SELECT 1 FROM run_rows)
            )
            SELECT run_rows.*, (SELECT count(*) FROM notified) AS notified FROM run_rows
            """)
        var requestedAt: [String: Date] = [:]
        for row in rows {
            requestedAt[try row.decode("id", as: String.self)] = try row.decode("requested_at", as: Date.self)
        }
        return zip(ids, requests).map { id, request in
            requestedAt[id].map { RunRecord(queuedID: id, request: request, requestedAt: $0) }
        }
    }
}
