import Testing

@testable import Postgres

@Suite struct SQLTests {
    @Test func interpolatedValuesBecomePlaceholdersNotText() {
        let hostile = "x'; DROP TABLE runs; --"
        let sql: SQL = "SELECT * FROM runs WHERE job = \(hostile) AND attempt = \(42)"
        #expect(sql.text == "SELECT * FROM runs WHERE job = $1 AND attempt = $2")
        #expect(!sql.text.contains("DROP"))
        #expect(sql.render().binds == [hostile, "42"])
        #expect(sql.parameterCount == 2)
    }

    @Test func nilOptionalBindsNull() {
        let missing: String? = nil
        let sql: SQL = "UPDATE runs SET error = \(missing)"
        #expect(sql.text == "UPDATE runs SET error = $1")
        #expect(sql.render().binds == [nil])
    }

    @Test func fragmentsAndConcatenationAreRenumbered() {
        let filter: SQL = "status = \("queued") AND job = \("cleanup")"
        let sql: SQL = "SELECT id FROM runs WHERE attempt > \(1) AND \(fragment: filter)"
        #expect(sql.text == "SELECT id FROM runs WHERE attempt > $1 AND status = $2 AND job = $3")
        #expect(sql.render().binds == ["1", "queued", "cleanup"])
        let joined = sql + " LIMIT \(10)"
        #expect(joined.text.hasSuffix("job = $3 LIMIT $4"))
    }

    @Test func identifiersAreQuotedAndUnsafeSQLIsVerbatim() {
        let sql: SQL = "CREATE SCHEMA \(identifier: "we\"ird") \(unsafeSQL: "AUTHORIZATION x")"
        #expect(sql.text == "CREATE SCHEMA \"we\"\"ird\" AUTHORIZATION x")
        #expect(sql.parameterCount == 0)
        #expect(SQL(unsafeSQL: "SELECT '$1'").text == "SELECT '$1'")
    }

    @Test func descriptionShowsPlaceholdersNotValues() {
        let secret = "hunter2"
        let sql: SQL = "SELECT \(secret)"
        #expect(sql.description == "SELECT $1")
    }
}
