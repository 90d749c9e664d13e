import TestSupport
import Foundation
import JobEngine
import Logging
import Synchronization

@testable import CheckTickSync

/// The result of running one job once: exit code or thrown error, and its stdout and stderr lines.
struct SyncRun {
    /// The exit code when the job returned.
    let exitCode: Int32?
    /// The error when the job threw (the CLI prints `CommandError: \(error)` and exits 1).
    let error: (any Error)?
    /// Lines printed to stdout.
    let stdout: [String]
    /// Lines printed to stderr.
    let stderr: [String]
    /// The summary counts.
    let summary: [String: Int64]

    /// Stdout joined with newlines.
    var output: String { stdout.joined(separator: "\n") }
    /// Stderr joined with newlines.
    var errors: String { stderr.joined(separator: "\n") }
    /// What the CLI prints for a thrown error.
    var commandError: String? { error.map { "\($0)" } }

    /// Runs `job` with the given options against `database` at `now`.
    static func run(
        _ job: any Job, database: SyncTestDatabase, parameters: [String: JSONValue] = [:], now: Date = Date()
    ) -> SyncRun {
        let out = Mutex<[String]>([])
        let err = Mutex<[String]>([])
        let output = RunOutput(
            echo: { line in out.withLock { $0 += line.components(separatedBy: "\n") } },
            echoError: { line in err.withLock { $0 += line.components(separatedBy: "\n") } })
        let summary = RunSummary()
        let context = JobContext(
            runID: "", parameters: JobParameters(values: parameters), trigger: .cli, logger: SyncTestDatabase.logger,
            database: database.pool, output: output, summary: summary, cancellation: CancellationToken(),
            deadline: .now + .seconds(300), now: { now })
        do {
            let code = try job.run(context)
            return SyncRun(exitCode: code, error: nil, stdout: out.withLock { $0 }, stderr: err.withLock { $0 }, summary: summary.values)
        } catch {
            return SyncRun(exitCode: nil, error: error, stdout: out.withLock { $0 }, stderr: err.withLock { $0 }, summary: summary.values)
        }
    }
}

/// Settings that point the syncs at the fixture server, with fast retries.
func testSettings(server: FixtureServer? = nil, rcpch: String = "rcpch") -> SyncSettings {
    var settings = SyncSettings()
    if let server {
        settings.apiBaseURL = server.baseURL + "/checktick-sync/" + rcpch
        settings.nhsDDBaseURL = server.baseURL + "/checktick-sync/nhs-dd/data_elements/"
    }
    settings.apiFetch.retries = 2
    settings.apiFetch.backoffBase = .milliseconds(10)
    settings.apiFetch.backoffCap = .milliseconds(50)
    settings.apiFetch.timeout = .seconds(2)
    settings.pageFetch.retries = 2
    settings.pageFetch.backoffBase = .milliseconds(10)
    settings.pageFetch.backoffCap = .milliseconds(50)
    settings.pageFetch.timeout = .seconds(2)
    return settings
}

/// A logger for fetchers in tests.
let testLogger: Logger = SyncTestDatabase.logger
