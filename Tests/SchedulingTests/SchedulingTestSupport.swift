import Foundation
import JobEngine
import Logging
import Postgres
import Synchronization

/// Test infrastructure logger (quiet).
let quietLogger = Logger(label: "scheduling-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// A UTC instant built with Foundation's own calendar, independent of the code under test.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    return calendar.date(from: components)!
}

/// A settable wall clock shared by a scheduler and its test.
final class FakeClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// A job whose outcome the test chooses: an exit code, an error, or a cooperative sleep until its timeout.
struct ScriptedJob: Job {
    enum Outcome: Sendable { case exit(Int32), fail, sleep(Double) }
    let descriptor: JobDescriptor
    let outcome: Outcome

    init(
        _ name: String, schedule: String = "0 0 * * *", overlap: OverlapPolicy = .allow,
        maxAge: Duration = .seconds(26 * 3600), timeout: Duration = .seconds(60), outcome: Outcome = .exit(0)
    ) {
        descriptor = JobDescriptor(
            name: name, summary: "test job", overlap: overlap, timeout: timeout, maxAge: maxAge, defaultSchedule: schedule)
        self.outcome = outcome
    }

    func run(_ context: JobContext) throws -> Int32 {
        switch outcome {
        case .exit(let code): return code
        case .fail: throw JobEngineError.invalidParameters("deliberate failure")
        case .sleep(let seconds):
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                try context.checkCancellation()
                Thread.sleep(forTimeInterval: 0.01)
            }
            return 0
        }
    }
}

/// A fresh database with the engine's schema, one per test, dropped when the test ends.
final class ScheduleDatabase: Sendable {
    let name: String
    let configuration: PostgresConfiguration
    let pool: PostgresPool
    private let admin: PostgresConfiguration

    /// Creates the database (with the engine's schema unless `migrated` is false); fails (never skips) when
    /// TEST_DATABASE_URL is missing or the server is down.
    init(migrated: Bool = true) throws {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else {
            throw MissingPrerequisite("TEST_DATABASE_URL is not set (scripts/test starts PostgreSQL and exports it)")
        }
        admin = try PostgresConfiguration(connectionString: url, variableName: "TEST_DATABASE_URL")
        name = "sched_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let connection = try PostgresConnection(configuration: admin, logger: quietLogger)
        defer { connection.close() }
        try connection.simpleQuery(unsafeSQL: "CREATE DATABASE \(name)")
        configuration = admin.replacingDatabase(name)
        pool = PostgresPool(configuration: configuration, settings: .init(size: 8), logger: quietLogger)
        if migrated { try migrate() }
    }

    /// Applies the engine's migrations.
    func migrate() throws {
        _ = try Migrator(configuration: configuration, logger: quietLogger)
            .migrate(EngineSchema.migrations, schema: EngineSchema.schema)
    }

    deinit {
        pool.close()
        if let connection = try? PostgresConnection(configuration: admin, logger: quietLogger) {
            try? connection.simpleQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            connection.close()
        }
    }

    /// An engine on this database (workers 0: it only accepts triggers), with fast test timings.
    func engine(
        _ jobs: [any Job], workers: Int = 0, queueCapacity: Int = 100, observers: [@Sendable (RunEvent) -> Void] = []
    ) -> JobEngine {
        var settings = EngineSettings()
        settings.workers = workers
        settings.queueCapacity = queueCapacity
        settings.heartbeatInterval = .milliseconds(200)
        settings.pollInterval = .milliseconds(200)
        settings.timeoutGrace = .milliseconds(500)
        return JobEngine(
            registry: JobRegistry(jobs), database: pool, settings: settings, logger: quietLogger, observers: observers)
    }

    /// `job|slot` for every scheduled run, sorted (slots as ISO 8601 UTC).
    func scheduledRuns() throws -> [String] {
        let rows = try pool.query("""
            SELECT job || '|' || to_char(scheduled_for AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS entry
            FROM checktick_jobs.runs WHERE scheduled_for IS NOT NULL ORDER BY job, scheduled_for
            """)
        return try rows.map { row throws(PostgresError) in try row.decode("entry", as: String.self) }
    }

    /// Number of rows in `checktick_jobs.runs`.
    func runCount() throws -> Int {
        try pool.query("SELECT count(*) AS n FROM checktick_jobs.runs")[0].decode("n", as: Int.self)
    }
}

/// A missing test prerequisite, reported as a failure.
struct MissingPrerequisite: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls until `condition` holds or the timeout passes; returns whether it held.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () throws -> Bool) rethrows -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}
