import TestSupport
import Foundation
import JobEngine
import Postgres
import Testing

@testable import CheckTick

@Suite("Our CheckTick DDL and the demo data")
struct SchemaAndDemoTests {
    /// Columns, types, nullability and constraints of a database's public schema.
    static func shape(_ database: CheckTickDatabase) throws -> [String] {
        let columns = try database.connection.query("""
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
                   || coalesce(character_maximum_length::text, '') AS line
            FROM information_schema.columns WHERE table_schema = 'public'
            """)
        let constraints = try database.connection.query("""
            SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) AS line
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            """)
        return try (columns.map { try $0.decode("line", as: String.self) }
            + constraints.map { try $0.decode("line", as: String.self) }).sorted()
    }

    @Test func ourDDLMatchesTheRealSchemaAndIsIdempotent() throws {
        let ours = try CheckTickDatabase(schema: .ours)
        let reference = try CheckTickDatabase(schema: .reference)
        try ours.connection.simpleQuery(unsafeSQL: CheckTickSchema.checktickTablesDDL)
        let mine = try Self.shape(ours)
        #expect(mine.count > 500)
        #expect(mine == (try Self.shape(reference)))
        let tables = try ours.connection.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
        #expect(try Set(tables.map { try $0.decode("table_name", as: String.self) }) == Set(CheckTickSchema.checktickTables))
    }

    @Test(arguments: SchemaSource.allCases)
    func demoDataFillsEveryStateAndTheJobsRunOnIt(schema: SchemaSource) throws {
        let database = try CheckTickDatabase(schema: schema)
        let summary = try DemoData.fill(database.pool, now: JobHarness.now, logger: CheckTickDatabase.logger)
        #expect(summary.hasPrefix("inserted 7 users, 2 organisations, 13 surveys"))
        #expect(try DemoData.fill(database.pool, now: JobHarness.now, logger: CheckTickDatabase.logger).contains("already present"))
        let sink = try SMTPSink()
        let jobs = try JobHarness.jobs(smtpPort: sink.port)
        let governance = JobHarness.run(try #require(jobs["process_data_governance"]), database: database, verbose: true)
        #expect(governance.exitCode == 0, "\(governance.text)")
        #expect(governance.lines.contains("Soft deleted: 1 surveys"))
        #expect(governance.lines.contains("Hard deleted: 1 surveys"))
        #expect(governance.lines.contains("Skipped (legal hold): 2 surveys"))
        #expect(governance.lines.contains("  - 30-day warnings: 1"))
        #expect(governance.lines.contains("  - 7-day warnings: 1"))
        #expect(governance.lines.contains("  - 1-day warnings: 1"))
        let cleanup = JobHarness.run(try #require(jobs["cleanup_survey_progress"]), database: database)
        #expect(cleanup.lines.last?.hasSuffix("Total records cleaned: 3") == true)
        let recovery = JobHarness.run(try #require(jobs["process_recovery_time_delays"]), database: database)
        #expect(recovery.lines == ["", "Processed 1 recovery request(s)"])
        #expect(try sink.mails().count == 4)
        #expect(try sink.mails().allSatisfy { $0.defects.isEmpty })
    }
}
