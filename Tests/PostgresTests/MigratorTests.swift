import Foundation
import Testing

@testable import Postgres

@Suite(.temporaryDatabase) struct MigratorTests {
    /// Sample migrations writing into `schema`; each also logs itself so double application shows.
    func sampleMigrations(schema: String) -> [Migration] {
        let q = SQL.quoteIdentifier(schema)
        return [
            Migration(
                "0001_create_log", sql: "CREATE TABLE \(q).applied_log (name text NOT NULL); SELECT pg_sleep(0.2);"),
            Migration(
                "0002_create_things",
                sql: "CREATE TABLE \(q).things (id int PRIMARY KEY); INSERT INTO \(q).applied_log VALUES ('0002');"),
            Migration(
                "0003_add_column",
                sql: "ALTER TABLE \(q).things ADD COLUMN label text; INSERT INTO \(q).applied_log VALUES ('0003');"),
        ]
    }

    /// A migrator on the suite's database.
    func makeMigrator() throws -> Migrator {
        Migrator(configuration: try TestDatabase.require().configuration, logger: TestDatabase.logger)
    }

    @Test func migrateTwiceIsANoOp() throws {
        let migrator = try makeMigrator()
        let schema = "twice"
        let migrations = sampleMigrations(schema: schema)
        #expect(try migrator.pendingMigrations(migrations, schema: schema) == migrations.map(\.name))
        #expect(try migrator.migrate(migrations, schema: schema) == migrations.map(\.name))
        #expect(try migrator.migrate(migrations, schema: schema) == [])
        #expect(try migrator.pendingMigrations(migrations, schema: schema) == [])
        try TestDatabase.require().withConnection { connection in
            let names = try connection.query("SELECT name FROM twice.schema_migrations ORDER BY applied_at, name")
                .map { try $0.decode("name", as: String.self) }
            #expect(names == migrations.map(\.name))
            #expect(
                try connection.query("SELECT count(*) AS n FROM twice.applied_log")[0].decode("n", as: Int.self) == 2)
        }
    }

    @Test func pendingListsOnlyUnappliedInOrder() throws {
        let migrator = try makeMigrator()
        let migrations = sampleMigrations(schema: "partial")
        try migrator.migrate(Array(migrations.prefix(1)), schema: "partial")
        #expect(
            try migrator.pendingMigrations(migrations, schema: "partial") == ["0002_create_things", "0003_add_column"])
        let onConnection = try TestDatabase.require().withConnection { connection in
            try Migrator.pendingMigrations(migrations, schema: "partial", on: connection)
        }
        #expect(onConnection == ["0002_create_things", "0003_add_column"])
        #expect(try migrator.pendingMigrations(migrations, schema: "never_created") == migrations.map(\.name))
    }

    @Test func parallelMigratorsApplyEachMigrationExactlyOnce() async throws {
        let migrator = try makeMigrator()
        let migrations = sampleMigrations(schema: "parallel")
        async let first = onThread { try migrator.migrate(migrations, schema: "parallel") }
        async let second = onThread { try migrator.migrate(migrations, schema: "parallel") }
        let results = try await [first, second]
        #expect(results.flatMap { $0 }.sorted() == migrations.map(\.name))
        try TestDatabase.require().withConnection { connection in
            let log = try connection.query("SELECT name FROM parallel.applied_log ORDER BY name").map {
                try $0.decode("name", as: String.self)
            }
            #expect(log == ["0002", "0003"])
            #expect(
                try connection.query("SELECT count(*) AS n FROM parallel.schema_migrations")[0].decode(
                    "n", as: Int.self) == 3)
        }
    }

    @Test func failedMigrationRollsBackAndIsNotRecorded() throws {
        let migrator = try makeMigrator()
        let good = Migration("0001_ok", sql: "CREATE TABLE broken.ok (n int);")
        let bad = Migration("0002_bad", sql: "CREATE TABLE broken.half (n int); SELECT * FROM broken.missing_table;")
        do {
            try migrator.migrate([good, bad], schema: "broken")
            Issue.record("a failing migration reported success")
        } catch {
            #expect(error.message.contains("0002_bad"))
            #expect(error.sqlState == "42P01")
        }
        #expect(try migrator.pendingMigrations([good, bad], schema: "broken") == ["0002_bad"])
        try TestDatabase.require().withConnection { connection throws in
            #expect(
                try connection.query("SELECT to_regclass('broken.half') IS NULL AS gone")[0].decode(
                    "gone", as: Bool.self))
        }
    }

    @Test func rejectsDuplicateOrEmptyNames() throws {
        let migrator = try makeMigrator()
        for list in [
            [Migration("a", sql: "SELECT 1"), Migration("a", sql: "SELECT 2")], [Migration("", sql: "SELECT 1")],
        ] {
            do {
                try migrator.migrate(list, schema: "invalid")
                Issue.record("accepted an invalid migration list")
            } catch {
                #expect(error.kind == .migration)
            }
        }
    }
}
