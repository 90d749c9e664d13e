import CheckTick
import Foundation
import JobEngine
import Logging
import Postgres
import Testing

/// Which DDL creates CheckTick's tables in a test database.
enum SchemaSource: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `CheckTickSchema.checktickTablesDDL` (what `migrate --checktick-schema` runs).
    case ours
    /// The real schema dumped from CheckTick's Django migrations (`shared/checktick-schema/jobs-tables.sql`).
    case reference

    var testDescription: String { rawValue }
}

/// A throwaway database with CheckTick's tables and our `checktick_jobs` schema, for one test.
final class CheckTickDatabase: @unchecked Sendable {
    /// Its settings.
    let configuration: PostgresConfiguration
    /// A pool for the job under test.
    let pool: PostgresPool
    /// A connection for setting up rows and checking results.
    let connection: PostgresConnection
    private let name: String
    private let admin: PostgresConfiguration

    /// A logger that drops everything below warning.
    static let logger: Logger = {
        var logger = Logger(label: "checktick-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Creates the database, loads the CheckTick tables from `schema` and applies our migrations.
    init(schema: SchemaSource = .ours) throws {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else {
            throw SetupFailure(
                "TEST_DATABASE_URL is not set: run scripts/pg-up.sh and export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:54339/postgres")
        }
        admin = try PostgresConfiguration(connectionString: url, variableName: "TEST_DATABASE_URL")
        name = "cttest_\(UUID().uuidString.prefix(12).lowercased().filter { $0 != "-" })"
        do {
            let setup = try PostgresConnection(configuration: admin, logger: Self.logger)
            defer { setup.close() }
            try setup.simpleQuery(unsafeSQL: "CREATE DATABASE \(SQL.quoteIdentifier(name))")
        } catch {
            throw SetupFailure("cannot create a test database via TEST_DATABASE_URL (\(admin.redacted)): \(error)")
        }
        configuration = admin.replacingDatabase(name)
        let loader = try PostgresConnection(configuration: configuration, logger: Self.logger)
        switch schema {
        case .ours: try loader.simpleQuery(unsafeSQL: CheckTickSchema.checktickTablesDDL)
        case .reference: try loader.simpleQuery(unsafeSQL: try Self.referenceSchema())
        }
        // The dump empties search_path for its session; this connection is not reused.
        loader.close()
        try Migrator(configuration: configuration, logger: Self.logger)
            .migrate(EngineSchema.migrations + CheckTickSchema.serviceMigrations)
        pool = PostgresPool(configuration: configuration, settings: .init(size: 4), logger: Self.logger)
        connection = try PostgresConnection(configuration: configuration, logger: Self.logger)
    }

    deinit {
        connection.close()
        pool.close()
        if let cleanup = try? PostgresConnection(configuration: admin, logger: Self.logger) {
            try? cleanup.simpleQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(SQL.quoteIdentifier(name)) WITH (FORCE)")
            cleanup.close()
        }
    }

    /// `count(*)` of a query's rows.
    func count(_ sql: SQL) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM (\(fragment: sql)) AS counted")[0].decode("n", as: Int.self)
    }

    /// The real CheckTick schema: TEST_CHECKTICK_SCHEMA_SQL, or `shared/checktick-schema/jobs-tables.sql`
    /// (or `Tests/Fixtures/checktick-schema/jobs-tables.sql`) found above this file.
    static func referenceSchema() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let path = environment["TEST_CHECKTICK_SCHEMA_SQL"] { candidates.append(path) }
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            candidates.append(directory.appendingPathComponent("shared/checktick-schema/jobs-tables.sql").path)
            candidates.append(directory.appendingPathComponent("Fixtures/checktick-schema/jobs-tables.sql").path)
            directory = directory.deletingLastPathComponent()
        }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        throw SetupFailure("jobs-tables.sql not found: set TEST_CHECKTICK_SCHEMA_SQL to shared/checktick-schema/jobs-tables.sql")
    }
}

/// A test-environment problem (missing server, variable or file), reported as a failure.
struct SetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
