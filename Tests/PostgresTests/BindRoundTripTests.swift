import FoundationEssentials
import Testing

@testable import Postgres

@Suite(.temporaryDatabase) struct BindRoundTripTests {
    @Test func hostileStringsTravelAsDataNotSQL() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE hostile (id serial PRIMARY KEY, value text)")
            let values = [
                "it's", "back\\slash", "\"double\"", "'; DROP TABLE hostile; --", "ünïcødé 🚀 日本", "$1",
                "line\nbreak\ttab",
                "", "\\x00", "E'\\''",
            ]
            for value in values {
                try connection.execute("INSERT INTO hostile (value) VALUES (\(value))")
                let echoed = try connection.query("SELECT \(value)::text AS v")[0].decode("v", as: String.self)
                #expect(echoed == value)
            }
            let stored = try connection.query("SELECT value FROM hostile ORDER BY id").map { row in
                try row.decode("value", as: String.self)
            }
            #expect(stored == values)
        }
    }

    @Test func nullBindsAndNullableDecoding() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            let missing: String? = nil
            let row = try connection.query("SELECT \(missing)::text AS v, \(Optional(7))::int AS n")[0]
            #expect(try row.decode("v", as: String?.self) == nil)
            #expect(try row.isNull("v"))
            #expect(try row.decode("n", as: Int?.self) == 7)
            #expect(try row.decode(1, as: Int.self) == 7)
            do {
                _ = try row.decode("v", as: String.self)
                Issue.record("decoded NULL as a non-optional")
            } catch let error as PostgresError {
                #expect(error.kind == .decoding)
                #expect(error.message.contains("\"v\""))
            }
            #expect(throws: PostgresError.self) { try row.decode("nope", as: String.self) }
            #expect(throws: PostgresError.self) { try row.decode(5, as: String.self) }
        }
    }

    @Test func numbersAndBooleansRoundTrip() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection throws in
            for value in [Int.min, -1, 0, 1, Int.max] {
                #expect(try connection.query("SELECT \(value)::bigint AS v")[0].decode("v", as: Int.self) == value)
            }
            for value in [Int32.min, 0, Int32.max] {
                #expect(try connection.query("SELECT \(value)::int AS v")[0].decode("v", as: Int32.self) == value)
            }
            #expect(try connection.query("SELECT \(Int64.max)::bigint AS v")[0].decode("v", as: Int64.self) == .max)
            for value in [0.1, -2.5e-300, 1e300, .infinity, -.infinity, 3.141592653589793] {
                #expect(try connection.query("SELECT \(value)::float8 AS v")[0].decode("v", as: Double.self) == value)
            }
            #expect(try connection.query("SELECT \(Double.nan)::float8 AS v")[0].decode("v", as: Double.self).isNaN)
            #expect(try connection.query("SELECT 12.50::numeric AS v")[0].decode("v", as: Double.self) == 12.5)
            for value in [true, false] {
                #expect(try connection.query("SELECT \(value)::boolean AS v")[0].decode("v", as: Bool.self) == value)
            }
            #expect(throws: PostgresError.self) {
                try connection.query("SELECT 'x'::text AS v")[0].decode("v", as: Int.self)
            }
        }
    }

    @Test func timestamptzRoundTripsWithMicrosecondsInEveryZone() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            let dates = [
                Date(timeIntervalSinceReferenceDate: 817_680_172.338_123), Date(timeIntervalSince1970: 0),
                Date(timeIntervalSinceReferenceDate: -1_000_000_000.000_001),
                Date(timeIntervalSinceReferenceDate: 1_500_000_000.999_999),
            ]
            for zone in ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam", "Pacific/Chatham"] {
                try connection.transaction { connection in
                    try connection.query("SELECT set_config('TimeZone', \(zone), true)")
                    for date in dates {
                        let row = try connection.query(
                            "SELECT \(date)::timestamptz AS v, (\(date)::timestamptz)::text AS t")[0]
                        let decoded = try row.decode("v", as: Date.self)
                        let serverText = try row.decode("t", as: String.self)
                        #expect(decoded == date, "\(zone) \(serverText)")
                    }
                }
            }
            try connection.transaction { connection in
                // Amsterdam kept local mean time (+00:19:32) until 1937: an offset with seconds.
                try connection.query("SET LOCAL TimeZone TO 'Europe/Amsterdam'")
                let row = try connection.query(
                    "SELECT '1900-01-01 00:00:00+00'::timestamptz AS v, '1900-01-01 00:00:00+00'::timestamptz::text AS t"
                )[0]
                #expect(try row.decode("t", as: String.self) == "1900-01-01 00:19:32+00:19:32")
                #expect(try row.decode("v", as: Date.self) == Date(timeIntervalSince1970: -2_208_988_800))
            }
            let fixed = try connection.query("SELECT '2026-11-29 21:22:52.338+00'::timestamptz AS v")[0].decode(
                "v", as: Date.self)
            #expect(abs(fixed.timeIntervalSince1970 - 1_795_987_372.338) < 0.000_001)
            let offset = try connection.query("SELECT '2026-11-30 02:52:52.338+05:30'::timestamptz = \(fixed) AS same")[
                0]
            #expect(try offset.decode("same", as: Bool.self))
            let infinite = try connection.query("SELECT 'infinity'::timestamptz AS v")[0]
            #expect(throws: PostgresError.self) { try infinite.decode("v", as: Date.self) }
        }
    }

    @Test func uuidAndByteaWithEveryByteValueRoundTrip() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            let uuid = UUID()
            #expect(try connection.query("SELECT \(uuid)::uuid AS v")[0].decode("v", as: UUID.self) == uuid)
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE blobs (id int PRIMARY KEY, data bytea NOT NULL)")
            let bytes = (0...255).map { UInt8($0) }
            try connection.execute("INSERT INTO blobs VALUES (1, \(bytes))")
            let row = try connection.query(
                "SELECT data, length(data) AS n, get_byte(data, 92) AS b FROM blobs WHERE id = 1")[0]
            #expect(try row.decode("data", as: [UInt8].self) == bytes)
            #expect(try row.decode("n", as: Int.self) == 256)
            #expect(try row.decode("b", as: Int.self) == 92)
            try connection.transaction { connection in
                try connection.query("SET LOCAL bytea_output TO 'escape'")
                let escaped = try connection.query("SELECT data FROM blobs WHERE id = 1")[0]
                #expect(try escaped.decode("data", as: [UInt8].self) == bytes)
            }
            #expect(try connection.query("SELECT \([UInt8]())::bytea AS v")[0].decode("v", as: [UInt8].self) == [])
        }
    }

    @Test func jsonbRoundTripsRawAndCodable() throws {
        struct Summary: Codable, Equatable {
            let deleted: Int
            let note: String
        }
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE docs (id int PRIMARY KEY, body jsonb NOT NULL)")
            let summary = Summary(deleted: 3, note: "quote \" and ünï")
            try connection.execute("INSERT INTO docs VALUES (1, \(try PostgresJSON(encoding: summary)))")
            try connection.execute(
                "INSERT INTO docs VALUES (2, \(PostgresJSON(#"{"deleted": 0, "note": "raw"}"#))::jsonb)")
            let row = try connection.query("SELECT body, body->>'note' AS note FROM docs WHERE id = 1")[0]
            #expect(try row.decodeJSON("body", as: Summary.self) == summary)
            #expect(try row.decodeJSON("body", as: Summary?.self) == summary)
            let null = try connection.query("SELECT NULL::jsonb AS body")[0]
            #expect(try null.decodeJSON("body", as: Summary?.self) == nil)
            #expect(throws: PostgresError.self) { try null.decodeJSON("body", as: Summary.self) }
            #expect(try row.decode("note", as: String.self) == summary.note)
            let raw = try connection.query("SELECT body FROM docs WHERE id = 2")[0].decode("body", as: String.self)
            #expect(raw == #"{"note": "raw", "deleted": 0}"#)
            #expect(throws: PostgresError.self) {
                try connection.execute("INSERT INTO docs VALUES (3, \(PostgresJSON("{oops")))")
            }
        }
    }

    @Test func arraysBindForAnyQueriesAndDecode() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(
                unsafeSQL: "CREATE TABLE items (id bigint PRIMARY KEY, key uuid NOT NULL UNIQUE, name text NOT NULL)")
            let keys = (0..<5).map { _ in UUID() }
            let names = ["plain", "with,comma", "with \"quote\"", "{brace}", "NULL"]
            for index in 0..<5 {
                try connection.execute("INSERT INTO items VALUES (\(Int64(index)), \(keys[index]), \(names[index]))")
            }
            let byID = try connection.query("SELECT name FROM items WHERE id = ANY(\([Int64(1), 3, 99])) ORDER BY id")
            #expect(try byID.map { try $0.decode("name", as: String.self) } == [names[1], names[3]])
            let byKey = try connection.query("SELECT id FROM items WHERE key = ANY(\([keys[0], keys[4]])) ORDER BY id")
            #expect(try byKey.map { try $0.decode("id", as: Int64.self) } == [0, 4])
            let byName = try connection.query(
                "SELECT id FROM items WHERE name = ANY(\(Array(names[1...]))) ORDER BY id")
            #expect(try byName.map { try $0.decode("id", as: Int.self) } == [1, 2, 3, 4])
            #expect(try connection.query("SELECT id FROM items WHERE id = ANY(\([Int64]()))").isEmpty)
            let aggregated = try connection.query(
                "SELECT array_agg(name ORDER BY id) AS names, array_agg(key ORDER BY id) AS keys FROM items")[0]
            #expect(try aggregated.decode("names", as: [String].self) == names)
            #expect(try aggregated.decode("keys", as: [UUID].self) == keys)
        }
    }

    @Test func uniqueViolationIsRecognised() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE keyed (key text CONSTRAINT keyed_key_unique UNIQUE)")
            try connection.execute("INSERT INTO keyed VALUES (\("k1"))")
            do {
                try connection.execute("INSERT INTO keyed VALUES (\("k1"))")
                Issue.record("duplicate insert succeeded")
            } catch let error as PostgresError {
                #expect(error.isUniqueViolation)
                #expect(error.sqlState == "23505")
                #expect(error.constraint == "keyed_key_unique")
                #expect(error.kind == .queryFailed)
                #expect(error.description == "database query failed")
                #expect(error.detail?.contains("k1") == true)
            }
            #expect(connection.isHealthy)
        }
    }

    @Test func nulBytesAreRejectedBeforeSending() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            do {
                try connection.query("SELECT \("a\u{0}b")::text")
                Issue.record("sent a NUL byte")
            } catch let error as PostgresError {
                #expect(error.kind == .encoding)
            }
            #expect(try connection.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
        }
    }
}
