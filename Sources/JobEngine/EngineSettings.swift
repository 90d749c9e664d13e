import Postgres

/// Tunables of the engine; every one has a default and most map to a `JOBS_` variable.
public struct EngineSettings: Sendable {
    /// Runs executed at once by this replica (`JOBS_WORKERS`, default 2; 0 = accept triggers only).
    public var workers: Int = 2
    /// Queued runs accepted before 503 (`JOBS_QUEUE_CAPACITY`, default 100).
    public var queueCapacity: Int = 100
    /// How often running runs record a heartbeat and pick up cancel requests.
    public var heartbeatInterval: Duration = .seconds(5)
    /// A running run whose heartbeat is older than this belongs to a dead replica.
    public var lease: Duration = .seconds(30)
    /// Safety-net poll of the queue when no NOTIFY arrives.
    public var pollInterval: Duration = .seconds(5)
    /// How long a job that ignores its timeout may keep running before the run is marked timed out anyway.
    public var timeoutGrace: Duration = .seconds(5)
    /// Days of finished runs kept (`JOBS_HISTORY_DAYS`, default 90).
    public var historyDays: Int = 90

    /// The service's migrations that must be applied before `/readyz` says ready.
    public var migrations: [Migration] = EngineSchema.migrations

    /// Defaults.
    public init() {}
}
