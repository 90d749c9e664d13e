import JobEngine
import JobsAPI

/// The jobs this binary offers.
enum JobCatalog {
    /// CheckTick's jobs, plus the diagnostic jobs when `JOBS_DIAGNOSTIC_JOBS=1`.
    static func registry(_ env: Environment) throws(ConfigurationError) -> JobRegistry {
        var jobs: [any Job] = []
        if try env.bool("JOBS_DIAGNOSTIC_JOBS", default: false) {
            let sleep = try env.integer("JOBS_DIAGNOSTIC_SLEEP_MS", default: 100, range: 0...3_600_000)
            let timeout = try env.integer("JOBS_DIAGNOSTIC_TIMEOUT_S", default: 600, range: 1...86_400)
            let overlap = try env.choice("JOBS_DIAGNOSTIC_OVERLAP", ["queue", "forbid", "allow"], default: "queue")
            jobs += DiagnosticJob.all(
                sleepMilliseconds: sleep, timeout: .seconds(timeout), overlap: OverlapPolicy(rawValue: overlap)!)
        }
        return JobRegistry(jobs)
    }
}
