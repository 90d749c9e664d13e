import Foundation
import Testing

@testable import Postgres

@Suite(.temporaryDatabase) struct PreparedStatementTests {
    @Test func preparesOncePerConnectionAndBindsEachCall() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE items (id int, tags text[])")
            for id in 1...3 {
                try connection.query(prepared: "INSERT INTO items VALUES (\(id), \(["a\(id)", "b \"q\""])::text[])")
            }
            let prepared = try connection.query(
                "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO items%'")
            #expect(try prepared[0].decode("n", as: Int.self) == 1)
            let rows = try connection.query(prepared: "SELECT id, tags FROM items WHERE id >= \(2) ORDER BY id")
            #expect(try rows.map { try $0.decode("id", as: Int.self) } == [2, 3])
            #expect(try rows[1].decode("tags", as: [String].self) == ["a3", "b \"q\""])
        }
    }

    @Test func aStatementDroppedBehindOurBackRunsUnprepared() throws {
        // A transaction-mode pooler can hand the next statement to another server session: the name is
        // unknown there (26000). The call must still succeed.
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            #expect(try connection.query(prepared: "SELECT \(1)::int AS one")[0].decode("one", as: Int.self) == 1)
            try connection.simpleQuery(unsafeSQL: "DEALLOCATE ALL")
            #expect(try connection.query(prepared: "SELECT \(2)::int AS one")[0].decode("one", as: Int.self) == 2)
            #expect(try connection.query(prepared: "SELECT \(3)::int AS one")[0].decode("one", as: Int.self) == 3)
        }
    }

    @Test func preparesAtMostTheCapAndRunsTheRestUnprepared() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            for index in 0..<(PostgresConnection.maxPreparedStatements + 5) {
                let rows = try connection.query(prepared: SQL(unsafeSQL: "SELECT \(index) AS n"))
                #expect(try rows[0].decode("n", as: Int.self) == index)
            }
            let count = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements")[0].decode("n", as: Int.self)
            #expect(count == PostgresConnection.maxPreparedStatements)
        }
    }

    @Test func errorsOfAPreparedStatementCarryTheirSQLState() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE unique_items (id int PRIMARY KEY)")
            try connection.query(prepared: "INSERT INTO unique_items VALUES (\(1))")
            #expect {
                try connection.query(prepared: "INSERT INTO unique_items VALUES (\(1))")
            } throws: { error in
                (error as? PostgresError)?.sqlState == "23505"
            }
            // The connection stays usable, the statement too.
            try connection.query(prepared: "INSERT INTO unique_items VALUES (\(2))")
        }
    }
}
