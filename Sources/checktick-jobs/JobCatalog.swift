import CheckTick
import CheckTickSync
import JobEngine
import JobsAPI
import Logging
import Postgres

/// The jobs this binary offers and the service's migrations.
enum JobCatalog {
    /// Every migration of the service's own schema, in order.
    static let migrations: [Migration] = EngineSchema.migrations + CheckTickSchema.serviceMigrations

    /// Secrets the jobs read that may also be given as `<NAME>_FILE`.
    static let jobSecrets = ["EMAIL_HOST_PASSWORD", "EXTERNAL_DATASET_API_KEY"]

    /// CheckTick's six jobs, plus the diagnostic jobs when `JOBS_DIAGNOSTIC_JOBS=1`.
    /// A bad setting exits with one line naming the variable.
    static func registry(_ env: Environment, logger: Logger) -> JobRegistry {
        var jobs: [any Job] = []
        do {
            // An empty variable (a blank line in a ConfigMap or .env file) means "not set", as for ours.
            var values = env.values.filter { !$0.value.isEmpty }
            for name in jobSecrets {
                if let value = try env.secret(name) { values[name] = value }
                values.removeValue(forKey: name + "_FILE")
            }
            jobs += try CheckTickJobs.make(environment: values, logger: logger)
            jobs += try CheckTickSyncJobs.make(environment: values, logger: logger)
            if try env.bool("JOBS_DIAGNOSTIC_JOBS", default: false) {
                let sleep = try env.integer("JOBS_DIAGNOSTIC_SLEEP_MS", default: 100, range: 0...3_600_000)
                let timeout = try env.integer("JOBS_DIAGNOSTIC_TIMEOUT_S", default: 600, range: 1...86_400)
                let overlap = try env.choice("JOBS_DIAGNOSTIC_OVERLAP", ["queue", "forbid", "allow"], default: "queue")
                jobs += DiagnosticJob.all(
                    sleepMilliseconds: sleep, timeout: .seconds(timeout), overlap: OverlapPolicy(rawValue: overlap)!)
            }
        } catch let error as ConfigurationError {
            Console.fail(error)
        } catch {
            Console.error("configuration error: \(error)")
            Console.exit(2)
        }
        return JobRegistry(jobs)
    }
}
