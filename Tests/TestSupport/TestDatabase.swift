import Foundation
import JobEngine
import Logging
import Postgres

/// A fresh database with the engine's schema, one per test, dropped when the test ends.
public final class TestDatabase: Sendable {
    /// Logger for test infrastructure.
    public static let logger = Logger(label: "tests")

    /// Database name.
    public let name: String
    /// Connection settings of the test database.
    public let configuration: PostgresConfiguration
    /// A pool on it.
    public let pool: PostgresPool
    private let admin: PostgresConfiguration

    /// Creates the database and applies the engine's migrations; fails when TEST_DATABASE_URL is missing.
    public init(poolSize: Int = 12, migrations: [Migration] = EngineSchema.migrations) throws {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else {
            throw SetupError("TEST_DATABASE_URL is not set (scripts/test starts PostgreSQL and exports it)")
        }
        admin = try PostgresConfiguration(connectionString: url, variableName: "TEST_DATABASE_URL")
        name = "engine_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let connection = try PostgresConnection(configuration: admin, logger: Self.logger)
        defer { connection.close() }
        try connection.simpleQuery(unsafeSQL: "CREATE DATABASE \(name)")
        configuration = admin.replacingDatabase(name)
        _ = try Migrator(configuration: configuration, logger: Self.logger)
            .migrate(migrations, schema: EngineSchema.schema)
        pool = PostgresPool(configuration: configuration, settings: .init(size: poolSize), logger: Self.logger)
    }

    deinit {
        pool.close()
        if let connection = try? PostgresConnection(configuration: admin, logger: Self.logger) {
            try? connection.simpleQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            connection.close()
        }
    }

    /// An engine on this database with fast test timings.
    public func engine(
        _ jobs: [any Job], workers: Int = 2, queueCapacity: Int = 100, lease: Duration = .seconds(30),
        observers: [@Sendable (RunEvent) -> Void] = []
    ) -> JobEngine {
        var settings = EngineSettings()
        settings.workers = workers
        settings.queueCapacity = queueCapacity
        settings.heartbeatInterval = .milliseconds(200)
        settings.lease = lease
        settings.pollInterval = .milliseconds(500)
        settings.timeoutGrace = .milliseconds(500)
        return JobEngine(
            registry: JobRegistry(jobs), database: pool, settings: settings, logger: Self.logger, observers: observers)
    }

    /// One scalar from a query.
    public func scalar(_ sql: SQL) throws -> Int {
        try pool.query(sql)[0].decode(0, as: Int.self)
    }
}

/// A missing test prerequisite, reported as a failure.
public struct SetupError: Error, CustomStringConvertible {
    /// What is missing.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}

/// Polls until `condition` holds or the timeout passes; returns whether it held.
public func eventually(timeout: Duration = .seconds(10), _ condition: () throws -> Bool) rethrows -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return try condition()
}
