import FoundationEssentials
import JobEngine

/// The JSON shape of a job in `GET /jobs` and `GET /jobs/{name}`.
struct JobView: Encodable {
    struct Parameter: Encodable {
        let name: String
        let type: String
        let flag: String
        let help: String
    }

    let name: String
    let summary: String
    let schedule: String
    let scheduled: Bool
    let next_run_at: Date?
    let overlap: String
    let timeout_seconds: Int64
    let max_age_seconds: Int64
    let parameters: [Parameter]
    let freshness: String
    let last_success_at: Date?
    let last_run: RunView?
    let recent_runs: [RunView]?

    init(
        descriptor: JobDescriptor, state: JobState?, now: Date, schedule info: ScheduleInfo?,
        recentRuns: [RunRecord]? = nil
    ) {
        name = descriptor.name
        summary = descriptor.summary
        schedule = info.map { $0.expressions.joined(separator: "; ") } ?? descriptor.defaultSchedule
        scheduled = info != nil
        next_run_at = info?.nextRun
        overlap = descriptor.overlap.rawValue
        timeout_seconds = descriptor.timeout.components.seconds
        max_age_seconds = descriptor.maxAge.components.seconds
        parameters = descriptor.parameters.map {
            Parameter(name: $0.name, type: $0.kind.rawValue, flag: $0.flag, help: $0.help)
        }
        let state = state ?? JobState(job: descriptor.name, lastRun: nil, lastSuccessAt: nil, lastFinishedFailed: false)
        freshness = state.freshness(maxAge: descriptor.maxAge, now: now).rawValue
        last_success_at = state.lastSuccessAt
        last_run = state.lastRun.map { RunView($0, includeOutput: false) }
        recent_runs = recentRuns?.map { RunView($0, includeOutput: false) }
    }
}

/// What the embedded scheduler says about one job.
public struct ScheduleInfo: Sendable {
    /// The cron expressions in force.
    public let expressions: [String]
    /// The next slot, if any.
    public let nextRun: Date?

    /// Creates the info.
    public init(expressions: [String], nextRun: Date?) {
        self.expressions = expressions
        self.nextRun = nextRun
    }
}
