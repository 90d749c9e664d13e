import FoundationEssentials
import HTTPServer
import JobEngine

/// The JSON shape of a run in API responses (`openapi.yaml` schema `Run`).
struct RunView: Encodable {
    let run_id: String
    let job: String
    let status: String
    let trigger: String
    let params: JSONValue
    let requested_at: Date
    let started_at: Date?
    let finished_at: Date?
    let heartbeat_at: Date?
    let scheduled_for: Date?
    let attempt: Int
    let exit_code: Int?
    let summary: JSONValue
    let error: String?
    let cancel_requested: Bool
    let status_url: String
    let output: [String]?

    init(_ run: RunRecord, includeOutput: Bool) {
        run_id = run.id
        job = run.job
        status = run.status.rawValue
        trigger = run.trigger
        params = Self.parse(run.paramsJSON)
        requested_at = run.requestedAt
        started_at = run.startedAt
        finished_at = run.finishedAt
        heartbeat_at = run.heartbeatAt
        scheduled_for = run.scheduledFor
        attempt = run.attempt
        exit_code = run.exitCode
        summary = Self.parse(run.summaryJSON)
        error = run.error
        cancel_requested = run.cancelRequested
        status_url = "/runs/\(run.id)"
        output = includeOutput ? (run.output.isEmpty ? [] : run.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) : nil
    }

    private static func parse(_ text: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .object([:])
    }
}

/// The body of a trigger answer: the run plus how the trigger was resolved.
struct TriggerView: Encodable {
    let run_id: String
    let job: String
    let status: String
    let status_url: String
    let deduplicated: Bool?
    let coalesced: Bool?
    let run: RunView?

    /// The JSON body, as `JSONEncoder` with sorted keys would write it; the common answer (a new run,
    /// no run object) is written directly, without the encoder.
    func directBody() -> [UInt8]? {
        guard run == nil, deduplicated == nil, coalesced == nil else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        bytes.append(contentsOf: #"{"job":"#.utf8)
        JSONText.appendString(job, to: &bytes)
        bytes.append(contentsOf: #","run_id":"#.utf8)
        JSONText.appendString(run_id, to: &bytes)
        bytes.append(contentsOf: #","status":"#.utf8)
        JSONText.appendString(status, to: &bytes)
        bytes.append(contentsOf: #","status_url":"#.utf8)
        JSONText.appendString(status_url, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}

/// The body of a failed `?wait=` trigger (500).
struct RunFailedView: Encodable {
    let error = "run_failed"
    let message: String
    let run: RunView
}
