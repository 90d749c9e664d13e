import Foundation
import Logging
import Testing

@testable import Postgres

/// A throwaway database for one integration suite, reached through `TestDatabase.current`.
struct TestDatabase: Sendable {
    /// The database the running suite owns.
    @TaskLocal static var current: TestDatabase?

    /// Connection settings for the suite's own database.
    let configuration: PostgresConfiguration
    /// The database name.
    let name: String

    /// A logger that drops everything below warning.
    static let logger: Logger = {
        var logger = Logger(label: "postgres-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The running suite's database; fails the test when none was set up.
    static func require() throws -> TestDatabase {
        try #require(current, "this suite needs the .temporaryDatabase trait")
    }

    /// The admin settings from TEST_DATABASE_URL; a missing or invalid value is an error, never a skip.
    static func adminConfiguration() throws -> PostgresConfiguration {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else {
            throw TestSetupError(
                "TEST_DATABASE_URL is not set: run scripts/pg-up.sh and export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:54339/postgres"
            )
        }
        return try PostgresConfiguration(connectionString: url, variableName: "TEST_DATABASE_URL")
    }

    /// Opens a new connection to the suite's database.
    func connect() throws -> PostgresConnection {
        try PostgresConnection(configuration: configuration, logger: Self.logger)
    }

    /// Runs `body` with a connection that is closed afterwards.
    func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection = try connect()
        defer { connection.close() }
        return try body(connection)
    }
}

/// A test-environment problem (missing server or variable), reported as a failure.
struct TestSetupError: Error, CustomStringConvertible {
    /// What is missing and how to fix it.
    let description: String

    /// Creates the error.
    init(_ description: String) {
        self.description = description
    }
}

/// Creates a database before an integration suite runs and drops it afterwards.
struct TemporaryDatabaseTrait: SuiteTrait, TestScoping {
    /// Creates `pgtest_<suite>_<random>`, runs the suite with it as `TestDatabase.current`, drops it.
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let admin = try TestDatabase.adminConfiguration()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let suite = test.name.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30)
        let name = "pgtest_\(suite)_\(suffix)"
        do {
            let connection = try PostgresConnection(configuration: admin, logger: TestDatabase.logger)
            defer { connection.close() }
            try connection.simpleQuery(unsafeSQL: "CREATE DATABASE \(SQL.quoteIdentifier(name))")
        } catch {
            throw TestSetupError(
                "cannot create a test database via TEST_DATABASE_URL (\(admin.redacted)); is PostgreSQL running (scripts/pg-up.sh)? \(error.debugDescription)"
            )
        }
        let database = TestDatabase(configuration: admin.replacingDatabase(name), name: name)
        defer {
            if let connection = try? PostgresConnection(configuration: admin, logger: TestDatabase.logger) {
                try? connection.simpleQuery(
                    unsafeSQL: "DROP DATABASE IF EXISTS \(SQL.quoteIdentifier(name)) WITH (FORCE)")
                connection.close()
            }
        }
        try await TestDatabase.$current.withValue(database) {
            try await function()
        }
    }
}

extension Trait where Self == TemporaryDatabaseTrait {
    /// Gives the suite its own database (created before, dropped after).
    static var temporaryDatabase: TemporaryDatabaseTrait { TemporaryDatabaseTrait() }
}

/// Runs blocking work on its own thread so that it does not hold one of the few cooperative threads.
func onThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
