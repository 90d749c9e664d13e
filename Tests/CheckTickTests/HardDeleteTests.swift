import Foundation
import JobEngine
import Postgres
import Testing

@testable import CheckTick

/// A hard delete leaves no orphan in any table, on our DDL and on CheckTick's real schema.
@Suite("Hard delete: every dependent row, children first")
struct HardDeleteTests {
    static let day: TimeInterval = 86_400

    /// Tables that reference `surveys_survey` directly or transitively (from the catalogue, not a list in code).
    static func dependentTables(_ database: CheckTickDatabase) throws -> [String] {
        let rows = try database.connection.query("""
            WITH RECURSIVE deps(table_name) AS (
                SELECT 'surveys_survey'::text
                UNION
                SELECT c.conrelid::regclass::text FROM pg_constraint c JOIN deps d ON c.confrelid::regclass::text = d.table_name
                WHERE c.contype = 'f'
            )
            SELECT table_name FROM deps ORDER BY 1
            """)
        return try rows.map { try $0.decode("table_name", as: String.self) }
    }

    /// Every single-column foreign key of the public schema.
    static func foreignKeys(_ database: CheckTickDatabase) throws -> [(table: String, column: String, parent: String, key: String)] {
        let rows = try database.connection.query("""
            SELECT c.conrelid::regclass::text AS child, a.attname AS col, c.confrelid::regclass::text AS parent,
                   pa.attname AS key
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
            """)
        return try rows.map {
            (try $0.decode("child", as: String.self), try $0.decode("col", as: String.self),
             try $0.decode("parent", as: String.self), try $0.decode("key", as: String.self))
        }
    }

    @Test(arguments: SchemaSource.allCases)
    func hardDeleteLeavesNoOrphanInAnyTable(schema: SchemaSource) throws {
        let database = try CheckTickDatabase(schema: schema)
        let world = try GovernanceWorld(database)
        let victim = try world.softDeletedSurvey("Victim", deletedDaysAgo: 31, hardInDays: -1)
        let survivor = try world.closedSurvey("Survivor", deletionInDays: 100)
        try CheckTickRows.response(database.connection, survey: survivor, user: nil, submitted: JobHarness.now)
        try CheckTickRows.everyDependent(
            database.connection, survey: victim, owner: world.user, member: world.owner, otherSurvey: survivor,
            now: JobHarness.now)
        let dependents = try Self.dependentTables(database)
        #expect(dependents.count == 23)
        for table in dependents {
            #expect(try database.count("SELECT 1 FROM \(unsafeSQL: table)") > 0, "fixture leaves \(table) empty")
        }

        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0, "\(outcome.text) \(String(describing: outcome.error))")
        #expect(outcome.lines.contains("Hard deleted: 1 surveys"))
        #expect(try !world.exists(victim))
        #expect(try world.exists(survivor))
        for foreignKey in try Self.foreignKeys(database) {
            let orphans = try database.count("""
                SELECT 1 FROM \(unsafeSQL: foreignKey.table) c
                WHERE c.\(unsafeSQL: foreignKey.column) IS NOT NULL AND NOT EXISTS
                    (SELECT 1 FROM \(unsafeSQL: foreignKey.parent) p WHERE p.\(unsafeSQL: foreignKey.key) = c.\(unsafeSQL: foreignKey.column))
                """)
            #expect(orphans == 0, "\(foreignKey.table).\(foreignKey.column) has orphans")
        }
        // The survivor's rows that pointed at the victim were detached, not deleted (Django's SET_NULL).
        let survivorRow = try database.connection.query("SELECT translated_from_id FROM surveys_survey WHERE id = \(survivor)")[0]
        #expect(try survivorRow.decode("translated_from_id", as: Int64?.self) == nil)
        #expect(try database.count("SELECT 1 FROM surveys_surveyprogress WHERE survey_id = \(survivor) AND access_token_id IS NULL") == 1)
        #expect(try database.count("SELECT 1 FROM surveys_datasubjectrequest WHERE survey_id = \(survivor) AND response_id IS NULL") == 1)
        #expect(try database.count("SELECT 1 FROM surveys_surveyresponse WHERE survey_id = \(survivor)") == 1)
        #expect(try database.count("SELECT 1 FROM surveys_responsefreezelog WHERE data_subject_request_id IS NULL") == 1)
        #expect(try database.count("SELECT 1 FROM checktick_jobs.audit_events WHERE action = 'hard_delete' AND subject_id = \(String(victim))") == 1)
    }

    @Test func cryptoErasureOverwritesOnlyTheNonEmptyKeysWithFreshBytes() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let survey = try world.softDeletedSurvey("Keys", deletedDaysAgo: 31, hardInDays: -1)
        try database.connection.execute("UPDATE surveys_survey SET encrypted_kek_oidc = NULL WHERE id = \(survey)")
        let victims = try database.connection.transaction { connection in
            let victims = try SurveyHardDelete.lockBatch(connection, now: JobHarness.now, limit: 10)
            try SurveyHardDelete.erase(connection, victims: victims)
            let row = try connection.query("""
                SELECT octet_length(encrypted_kek_password) AS p, octet_length(encrypted_kek_org) AS g,
                       encrypted_kek_oidc IS NULL AS o, encrypted_kek_password <> encrypted_kek_org AS differ,
                       encrypted_kek_password <> decode(repeat('ab', 48), 'hex') AS changed
                FROM surveys_survey WHERE id = \(survey)
                """)[0]
            #expect(try row.decode("p", as: Int.self) == 64)
            #expect(try row.decode("g", as: Int.self) == 64)
            #expect(try row.decode("o", as: Bool.self))
            #expect(try row.decode("differ", as: Bool.self))
            #expect(try row.decode("changed", as: Bool.self))
            return victims
        }
        #expect(victims.first?.erasedKeys == ["encrypted_kek_password", "encrypted_kek_recovery", "encrypted_kek_org"])
    }

    @Test func erasureGivesEveryKeyOfEverySurveyItsOwnFreshBytes() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        var surveys: [Int64] = []
        for index in 0..<5 { surveys.append(try world.softDeletedSurvey("Keys \(index)", deletedDaysAgo: 31, hardInDays: -1)) }
        try database.connection.execute("UPDATE surveys_survey SET encrypted_kek_recovery = NULL WHERE id = \(surveys[2])")
        try database.connection.transaction { connection in
            let victims = try SurveyHardDelete.lockBatch(connection, now: JobHarness.now, limit: 10)
            #expect(victims.count == 5)
            try SurveyHardDelete.erase(connection, victims: victims)
            let rows = try connection.query("""
                SELECT k FROM surveys_survey s,
                     LATERAL (VALUES (s.encrypted_kek_password), (s.encrypted_kek_recovery), (s.encrypted_kek_oidc),
                                     (s.encrypted_kek_org)) AS c(k)
                WHERE s.id = ANY(\(surveys)::bigint[]) AND k IS NOT NULL
                """)
            let keys = try rows.map { try $0.decode("k", as: [UInt8].self) }
            #expect(keys.count == 19)
            #expect(keys.allSatisfy { $0.count == SurveyHardDelete.erasureBytes })
            #expect(Set(keys).count == 19, "two erased keys got the same bytes")
            #expect(!keys.contains([UInt8](repeating: 0xab, count: 48)))
        }
    }

    @Test func batchesCoverMoreSurveysThanOneBatch() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        for index in 0..<7 { try world.softDeletedSurvey("Old \(index)", deletedDaysAgo: 40, hardInDays: -2) }
        for index in 0..<5 { try world.closedSurvey("Due \(index)", deletionInDays: -3) }
        let renderer = try MailRenderer(brandTitle: "CheckTick", siteURL: "http://localhost:8000")
        var job = DataGovernanceJob(
            renderer: renderer, mail: MailContext(transport: UnconfiguredMailTransport(), from: "a@b.c", configured: false))
        job.settings.deletionBatchSize = 2
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.lines.contains("Soft deleted: 5 surveys"))
        #expect(outcome.lines.contains("Hard deleted: 7 surveys"))
        #expect(try database.count("SELECT 1 FROM surveys_survey") == 5)
    }
}
