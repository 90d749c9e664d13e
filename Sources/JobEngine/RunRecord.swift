import FoundationEssentials
import Postgres

/// One row of `checktick_jobs.runs`, as the API shows it.
public struct RunRecord: Sendable, Equatable {
    /// Run id (UUID, lower-case text).
    public var id: String
    /// Job name.
    public var job: String
    /// Current state.
    public var status: RunStatus
    /// Validated options as a JSON object text.
    public var paramsJSON: String
    /// Who asked for it.
    public var trigger: String
    /// The scheduler slot this run fills, if any.
    public var scheduledFor: Date?
    /// Accepted at.
    public var requestedAt: Date
    /// Started executing (latest attempt).
    public var startedAt: Date?
    /// Reached a final state.
    public var finishedAt: Date?
    /// Last heartbeat of the replica running it.
    public var heartbeatAt: Date?
    /// Execution attempts so far.
    public var attempt: Int
    /// The job's exit code, once finished.
    public var exitCode: Int?
    /// Counts reported by the job, as a JSON object text.
    public var summaryJSON: String
    /// Console output (capped at 64 KiB, last lines win).
    public var output: String
    /// Why it failed, timed out, was cancelled or abandoned.
    public var error: String?
    /// A cancel was requested while it was running.
    public var cancelRequested: Bool
    /// The request id of the trigger that created it.
    public var requestID: String?

    /// Columns selected for a full record, in a form usable after `SELECT` or `RETURNING`.
    static let columns = SQL(unsafeSQL: """
        id::text AS id, job, status, params::text AS params, trigger, scheduled_for, requested_at, started_at,
        finished_at, heartbeat_at, attempt, exit_code, summary::text AS summary, output, error, cancel_requested,
        request_id
        """)

    /// The same columns qualified with the alias `r`, for statements that join the runs table to itself.
    static let qualifiedColumns = SQL(unsafeSQL: """
        r.id::text AS id, r.job, r.status, r.params::text AS params, r.trigger, r.scheduled_for, r.requested_at,
        r.started_at, r.finished_at, r.heartbeat_at, r.attempt, r.exit_code, r.summary::text AS summary, r.output,
        r.error, r.cancel_requested, r.request_id
        """)
}

extension RunRecord {
    /// The record of a run just queued for `request` (what the row holds without reading it back).
    init(queuedID id: String, request: RunRequest, requestedAt: Date) {
        self.id = id
        job = request.descriptor.name
        status = .queued
        paramsJSON = request.parameters.jsonText
        trigger = request.trigger.rawValue
        scheduledFor = request.scheduledFor
        self.requestedAt = requestedAt
        startedAt = nil
        finishedAt = nil
        heartbeatAt = nil
        attempt = 0
        exitCode = nil
        summaryJSON = "{}"
        output = ""
        error = nil
        cancelRequested = false
        requestID = request.requestID
    }

    /// Decodes a row selected with `RunRecord.columns`.
    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode("id", as: String.self)
        job = try row.decode("job", as: String.self)
        let statusText = try row.decode("status", as: String.self)
        guard let status = RunStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, message: "unknown run status \(statusText)")
        }
        self.status = status
        paramsJSON = try row.decode("params", as: String.self)
        trigger = try row.decode("trigger", as: String.self)
        scheduledFor = try row.decode("scheduled_for", as: Date?.self)
        requestedAt = try row.decode("requested_at", as: Date.self)
        startedAt = try row.decode("started_at", as: Date?.self)
        finishedAt = try row.decode("finished_at", as: Date?.self)
        heartbeatAt = try row.decode("heartbeat_at", as: Date?.self)
        attempt = try row.decode("attempt", as: Int.self)
        exitCode = try row.decode("exit_code", as: Int?.self)
        summaryJSON = try row.decode("summary", as: String.self)
        output = try row.decode("output", as: String.self)
        error = try row.decode("error", as: String?.self)
        cancelRequested = try row.decode("cancel_requested", as: Bool.self)
        requestID = try row.decode("request_id", as: String?.self)
    }
}
