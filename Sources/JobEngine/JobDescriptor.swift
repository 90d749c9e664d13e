/// The static facts about a job that the engine, the API and the CLI need.
public struct JobDescriptor: Sendable {
    /// Registry name, e.g. `process_data_governance` (also the URL segment).
    public let name: String
    /// One-line description.
    public let summary: String
    /// Options the job accepts.
    public let parameters: [JobParameter]
    /// What a trigger does while a run is active.
    public let overlap: OverlapPolicy
    /// Longest a run may take before it is cancelled as `timed_out`.
    public let timeout: Duration
    /// `GET /jobs/{name}/health` reports `stale` when the last success is older than this.
    public let maxAge: Duration
    /// Cron expression of the recommended schedule (UTC).
    public let defaultSchedule: String

    /// Creates a descriptor.
    public init(
        name: String,
        summary: String,
        parameters: [JobParameter] = [],
        overlap: OverlapPolicy = .queue,
        timeout: Duration = .seconds(3600),
        maxAge: Duration = .seconds(26 * 3600),
        defaultSchedule: String
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.overlap = overlap
        self.timeout = timeout
        self.maxAge = maxAge
        self.defaultSchedule = defaultSchedule
    }

    /// The parameter with this JSON name, if the job accepts it.
    public func parameter(named name: String) -> JobParameter? {
        parameters.first { $0.name == name }
    }
}
