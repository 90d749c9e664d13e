import Foundation
import Testing

@testable import Postgres

/// An error thrown from a transaction body.
struct AbortBody: Error, Equatable {}

@Suite(.temporaryDatabase) struct ConnectionTests {
    @Test func transactionCommitsOnReturnAndRollsBackOnThrow() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE ledger (entry text)")
            let value = try connection.transaction { connection in
                try connection.execute("INSERT INTO ledger VALUES (\("kept"))")
            }
            #expect(value == 1)
            #expect(throws: AbortBody()) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO ledger VALUES (\("discarded"))")
                    throw AbortBody()
                }
            }
            #expect(!connection.isInTransaction)
            let entries = try connection.query("SELECT entry FROM ledger").map {
                try $0.decode("entry", as: String.self)
            }
            #expect(entries == ["kept"])
        }
    }

    @Test func nestedTransactionsUseSavepoints() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE nested (entry text)")
            try connection.transaction { connection in
                try connection.execute("INSERT INTO nested VALUES ('outer')")
                #expect(throws: AbortBody.self) {
                    try connection.transaction { connection in
                        try connection.execute("INSERT INTO nested VALUES ('inner')")
                        throw AbortBody()
                    }
                }
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO nested VALUES ('inner kept')")
                }
            }
            let entries = try connection.query("SELECT entry FROM nested ORDER BY entry").map {
                try $0.decode("entry", as: String.self)
            }
            #expect(entries == ["inner kept", "outer"])
        }
    }

    @Test func transactionInsideAManualBeginIsASavepoint() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE manual (entry text); BEGIN")
            #expect(throws: AbortBody.self) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO manual VALUES ('inner')")
                    throw AbortBody()
                }
            }
            #expect(connection.isInTransaction)
            try connection.simpleQuery(unsafeSQL: "INSERT INTO manual VALUES ('outer'); COMMIT")
            let entries = try connection.query("SELECT entry FROM manual").map {
                try $0.decode("entry", as: String.self)
            }
            #expect(entries == ["outer"])
        }
    }

    @Test func commitOfAFailedTransactionThrows() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "CREATE TABLE swallowed (entry text)")
            do {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO swallowed VALUES ('lost')")
                    _ = try? connection.query("SELECT 1/0")
                }
                Issue.record("commit of an aborted transaction reported success")
            } catch let error as PostgresError {
                #expect(error.message.contains("rolled back"))
            }
            #expect(try connection.query("SELECT count(*) AS n FROM swallowed")[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test func statementTimeoutAbortsAndIsScopedToTheTransaction() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            let started = ContinuousClock.now
            do {
                try connection.transaction(statementTimeout: .milliseconds(150)) { connection in
                    try connection.query("SELECT pg_sleep(5)")
                }
                Issue.record("pg_sleep(5) was not interrupted")
            } catch let error as PostgresError {
                #expect(error.kind == .timeout)
                #expect(error.isQueryCanceled)
                #expect(error.sqlState == "57014")
            }
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(try connection.query("SHOW statement_timeout")[0].decode(0, as: String.self) == "0")
        }
    }

    @Test func cancelAbortsARunningStatementFromAnotherThread() async throws {
        let database = try TestDatabase.require()
        let connection = try database.connect()
        let observer = try database.connect()
        defer {
            connection.close()
            observer.close()
        }
        let pid = connection.backendPID
        async let outcome = onThread { () -> (PostgresError?, ContinuousClock.Instant) in
            do {
                // Long enough that a cancel issued late (the test runner's threads can be busy) still lands.
                try connection.query("SELECT pg_sleep(120)")
                return (nil, ContinuousClock.now)
            } catch let error as PostgresError {
                return (error, ContinuousClock.now)
            }
        }
        let cancelledAt = try await onThread { () throws -> ContinuousClock.Instant in
            // Wait until the statement is really running (however late its thread starts), then cancel it.
            let deadline = ContinuousClock.now + .seconds(110)
            while ContinuousClock.now < deadline {
                let running = try observer.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE pid = \(pid) AND state = 'active'")[0]
                if try running.decode("n", as: Int.self) == 1 {
                    #expect(connection.cancel())
                    return ContinuousClock.now
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            Issue.record("the statement never became active")
            return ContinuousClock.now
        }
        let (failure, returnedAt) = try await outcome
        let error = try #require(failure)
        #expect(error.kind == .queryCanceled)
        #expect(error.isQueryCanceled)
        // Timed between the cancel and the statement's return, both on their own threads.
        #expect(returnedAt - cancelledAt < .seconds(5))
        #expect(try connection.query("SELECT 2 AS two")[0].decode("two", as: Int.self) == 2)
    }

    @Test func notifyFromAnotherConnectionIsDelivered() async throws {
        let database = try TestDatabase.require()
        let listener = try database.connect()
        let notifier = try database.connect()
        defer {
            listener.close()
            notifier.close()
        }
        let channel = "Run-Events \(UUID().uuidString.prefix(6))"
        try listener.listen(channel)
        let payload = "run 42 'queued' \"ünï\""
        try notifier.notify(channel, payload: payload)
        let received = try await onThread { try listener.waitForNotifications(timeout: .seconds(5)) }
        #expect(received == [PostgresNotification(channel: channel, payload: payload, backendPID: notifier.backendPID)])
        try notifier.transaction { connection in
            try connection.notify(channel, payload: "after commit")
        }
        let second = try await onThread { try listener.waitForNotifications(timeout: .seconds(5)) }
        #expect(second.map(\.payload) == ["after commit"])
    }

    @Test func waitForNotificationsTimesOutWhenNothingComes() async throws {
        let database = try TestDatabase.require()
        let listener = try database.connect()
        defer { listener.close() }
        try listener.listen("quiet_channel")
        // Timed on the waiting thread itself: resuming the test task can lag when other suites block threads.
        let (received, elapsed) = try await onThread { () throws -> ([PostgresNotification], Duration) in
            let started = ContinuousClock.now
            let received = try listener.waitForNotifications(timeout: .milliseconds(250))
            return (received, ContinuousClock.now - started)
        }
        #expect(received.isEmpty)
        #expect(elapsed >= .milliseconds(240))
        #expect(elapsed < .seconds(3))
        try listener.unlistenAll()
        #expect(try listener.waitForNotifications(timeout: .zero).isEmpty)
    }

    @Test func closeIsIdempotentAndLaterUseFails() throws {
        let database = try TestDatabase.require()
        let connection = try database.connect()
        #expect(connection.isHealthy)
        connection.close()
        connection.close()
        #expect(!connection.isHealthy)
        #expect(!connection.cancel())
        do {
            try connection.query("SELECT 1")
            Issue.record("query on a closed connection succeeded")
        } catch {
            #expect(error.kind == .connectionClosed)
            #expect(error.isConnectionError)
        }
    }

    @Test func connectFailureIsSafeToShow() throws {
        let configuration = try PostgresConfiguration(
            connectionString: "postgresql://app:s3cret@127.0.0.1:1/nowhere?connect_timeout=2")
        do {
            _ = try PostgresConnection(configuration: configuration, logger: TestDatabase.logger)
            Issue.record("connected to port 1")
        } catch {
            #expect(error.kind == .connectionFailed)
            #expect(error.description == "database unavailable")
            #expect(!error.debugDescription.contains("s3cret"))
            #expect(error.debugDescription.contains("127.0.0.1"))
        }
    }

    @Test func connectTimeoutBoundsASilentServer() async throws {
        let listener = try SilentListener()
        var silent = try PostgresConfiguration(
            connectionString: "host=127.0.0.1 port=\(listener.port) dbname=silent user=nobody")
        silent.connectTimeout = .seconds(2)
        let configuration = silent
        // Timed on the connecting thread itself: resuming the test task can lag when other suites block threads.
        let (error, elapsed) = try await onThread { () -> (PostgresError?, Duration) in
            let started = ContinuousClock.now
            do {
                _ = try PostgresConnection(configuration: configuration, logger: TestDatabase.logger)
                return (nil, ContinuousClock.now - started)
            } catch let error as PostgresError {
                return (error, ContinuousClock.now - started)
            }
        }
        withExtendedLifetime(listener) {}
        #expect(try #require(error).kind == .connectionFailed)
        #expect(elapsed >= .seconds(1))
        #expect(elapsed < .seconds(6))
    }

    @Test func limitsHaveNamedDefaults() throws {
        #expect(PostgresPool.Settings().size == 10)
        #expect(PostgresPool.Settings().checkoutTimeout == .seconds(5))
        #expect(try PostgresConfiguration(connectionString: "host=x").connectTimeout == .seconds(5))
    }

    @Test func simpleQueryRunsSeveralStatementsAndExecuteCountsRows() throws {
        let database = try TestDatabase.require()
        try database.withConnection { connection in
            try connection.simpleQuery(
                unsafeSQL: """
                    CREATE TABLE multi (n int);
                    INSERT INTO multi SELECT generate_series(1, 5);
                    """)
            #expect(try connection.execute("UPDATE multi SET n = n + 1 WHERE n > \(2)") == 3)
            #expect(try connection.execute("DELETE FROM multi") == 5)
            #expect(throws: PostgresError.self) { try connection.query("SELECT 1; SELECT 2") }
        }
    }

    @Test func advisoryLocksExcludeOtherSessions() throws {
        let database = try TestDatabase.require()
        let first = try database.connect()
        let second = try database.connect()
        defer {
            first.close()
            second.close()
        }
        let key = PostgresConnection.advisoryLockKey("process_data_governance")
        #expect(key == PostgresConnection.advisoryLockKey("process_data_governance"))
        #expect(key != PostgresConnection.advisoryLockKey("cleanup_survey_progress"))
        #expect(try first.tryAdvisoryLock(key))
        #expect(try !second.tryAdvisoryLock(key))
        #expect(try first.advisoryUnlock(key))
        #expect(try second.tryAdvisoryLock(key))
        try first.transaction { connection throws in
            #expect(try !connection.tryAdvisoryTransactionLock(key))
        }
    }

    @Test func sessionUsesISODatesInUTCWhateverTheServerDefault() throws {
        let database = try TestDatabase.require()
        let odd = try PostgresConfiguration(
            connectionString: database.configuration.connectionString
                + " options='-c TimeZone=Asia/Kolkata -c DateStyle=German'")
        let connection = try PostgresConnection(configuration: odd, logger: TestDatabase.logger)
        defer { connection.close() }
        let row = try connection.query(
            "SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds, now() AS now")[0]
        #expect(try row.decode("tz", as: String.self) == "UTC")
        #expect(try row.decode("ds", as: String.self).hasPrefix("ISO"))
        #expect(abs(try row.decode("now", as: Date.self).timeIntervalSinceNow) < 60)
    }
}
