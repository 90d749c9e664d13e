import TestSupport
import Foundation
import Logging
import Postgres
import Testing

/// A throwaway database holding CheckTick's job tables (shared/checktick-schema/jobs-tables.sql), one per suite.
///
/// Suites using it are `.serialized`; `SyncTestDatabase.fresh()` empties the tables before each test.
final class SyncTestDatabase: @unchecked Sendable {
    /// The running suite's database.
    @TaskLocal static var current: SyncTestDatabase?

    /// The suite's database with the sync tables emptied; fails when the suite lacks `.syncDatabase`.
    static func fresh() throws -> SyncTestDatabase {
        guard let database = current else { throw FixtureFailure(message: "this suite needs the .syncDatabase trait") }
        try database.pool.withConnection { connection in
            try connection.simpleQuery(
                unsafeSQL: """
                    DROP TRIGGER IF EXISTS refuse ON surveys_dataset;
                    DROP FUNCTION IF EXISTS refuse();
                    TRUNCATE surveys_publishedquestiongroup, surveys_dataset, auth_user RESTART IDENTITY CASCADE;
                    """)
        }
        return database
    }

    /// The database name.
    let name: String
    /// A pool on it, as a job gets.
    let pool: PostgresPool
    private let admin: PostgresConfiguration

    /// A logger that drops everything below error.
    static let logger: Logger = {
        var logger = Logger(label: "checktick-sync-tests")
        logger.logLevel = .error
        return logger
    }()

    /// Creates the database and loads the schema; a missing TEST_DATABASE_URL or server fails the test.
    init() throws {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else {
            throw FixtureFailure(
                message: "TEST_DATABASE_URL is not set: export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:54339/postgres")
        }
        admin = try PostgresConfiguration(connectionString: url, variableName: "TEST_DATABASE_URL")
        name = "ctsync_\(UUID().uuidString.prefix(12).lowercased().filter { $0 != "-" })"
        do {
            let connection = try PostgresConnection(configuration: admin, logger: Self.logger)
            defer { connection.close() }
            try connection.simpleQuery(unsafeSQL: "CREATE DATABASE \(SQL.quoteIdentifier(name))")
        } catch {
            throw FixtureFailure(message: "cannot create a test database via TEST_DATABASE_URL; is PostgreSQL up? \(error)")
        }
        let configuration = admin.replacingDatabase(name)
        let schema = try String(contentsOfFile: Self.schemaPath, encoding: .utf8)
        let loader = try PostgresConnection(configuration: configuration, logger: Self.logger)
        defer { loader.close() }
        try loader.simpleQuery(unsafeSQL: schema)
        try loader.simpleQuery(unsafeSQL: "SET search_path TO public")
        pool = PostgresPool(configuration: configuration, settings: .init(size: 4), logger: Self.logger)
    }

    deinit {
        pool.close()
        if let connection = try? PostgresConnection(configuration: admin, logger: Self.logger) {
            try? connection.simpleQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(SQL.quoteIdentifier(name)) WITH (FORCE)")
            connection.close()
        }
    }

    /// shared/checktick-schema/jobs-tables.sql beside the clone (override: TEST_CHECKTICK_SCHEMA).
    static var schemaPath: String {
        if let path = ProcessInfo.processInfo.environment["TEST_CHECKTICK_SCHEMA"] { return path }
        return URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/checktick-schema/jobs-tables.sql").path
    }

    /// Runs a statement.
    @discardableResult
    func query(_ sql: SQL) throws -> PostgresRows {
        try pool.query(sql)
    }
}

/// Creates one `SyncTestDatabase` for a suite and drops it afterwards.
struct SyncDatabaseTrait: SuiteTrait, TestScoping {
    /// Runs the suite with its own database as `SyncTestDatabase.current`.
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let database = try SyncTestDatabase()
        try await SyncTestDatabase.$current.withValue(database) {
            try await function()
        }
    }
}

extension Trait where Self == SyncDatabaseTrait {
    /// Gives the suite its own database with CheckTick's job tables.
    static var syncDatabase: SyncDatabaseTrait { SyncDatabaseTrait() }
}
