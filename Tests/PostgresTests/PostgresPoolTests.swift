import Foundation
import Synchronization
import Testing

@testable import Postgres

@Suite(.temporaryDatabase) struct PostgresPoolTests {
    /// A pool on the suite's database.
    func makePool(size: Int = 2, checkoutTimeout: Duration = .seconds(5)) throws -> PostgresPool {
        let database = try TestDatabase.require()
        return PostgresPool(
            configuration: database.configuration,
            settings: PostgresPool.Settings(size: size, checkoutTimeout: checkoutTimeout), logger: TestDatabase.logger)
    }

    @Test func opensLazilyAndReusesConnections() throws {
        let pool = try makePool()
        defer { pool.close() }
        #expect(pool.connectionCounts.open == 0)
        let first = try pool.withConnection { $0.backendPID }
        let second = try pool.withConnection { $0.backendPID }
        #expect(first == second)
        #expect(pool.connectionCounts == (1, 1))
        #expect(try pool.query("SELECT 5 AS n")[0].decode("n", as: Int.self) == 5)
    }

    @Test func terminatedBackendIsReplacedOnNextCheckout() async throws {
        let pool = try makePool(size: 1)
        let database = try TestDatabase.require()
        let admin = try database.connect()
        defer {
            pool.close()
            admin.close()
        }
        let victim = try pool.withConnection { $0.backendPID }
        #expect(try admin.query("SELECT pg_terminate_backend(\(victim)) AS done")[0].decode("done", as: Bool.self))
        try await onThread {
            for _ in 0..<300 {
                let rows = try admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = \(victim)")
                if try rows[0].decode("n", as: Int.self) == 0 { return }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        let replacement = try pool.withConnection { connection throws in
            #expect(try connection.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
            return connection.backendPID
        }
        #expect(replacement != victim)
        #expect(pool.connectionCounts.open == 1)
    }

    @Test func connectionErrorInsideBodyDiscardsTheConnection() throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        var victim: Int32 = 0
        do {
            try pool.withConnection { connection in
                victim = connection.backendPID
                try connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
            }
            Issue.record("self-termination did not throw")
        } catch let error as PostgresError {
            #expect(error.isConnectionError)
        }
        #expect(pool.connectionCounts.open == 0)
        let next = try pool.withConnection { $0.backendPID }
        #expect(next != victim)
    }

    @Test func exhaustedPoolTimesOut() async throws {
        let pool = try makePool(size: 1, checkoutTimeout: .milliseconds(200))
        defer { pool.close() }
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        async let holder: Void = onThread {
            try pool.withConnection { _ in
                holding.signal()
                _ = release.wait(timeout: .now() + 10)
            }
        }
        let outcome: (PostgresError?, Duration) = try await onThread {
            holding.wait()
            let started = ContinuousClock.now
            do {
                try pool.withConnection { _ in }
                return (nil, ContinuousClock.now - started)
            } catch let error as PostgresError {
                return (error, ContinuousClock.now - started)
            }
        }
        release.signal()
        try await holder
        let error = try #require(outcome.0)
        #expect(error.kind == .poolExhausted)
        #expect(error.description == "database unavailable")
        #expect(outcome.1 >= .milliseconds(190))
        #expect(outcome.1 < .seconds(3))
        try pool.withConnection { _ in }
    }

    @Test func neverOpensMoreThanSizeConnections() async throws {
        let pool = try makePool(size: 2, checkoutTimeout: .seconds(10))
        defer { pool.close() }
        let peak = PeakCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await onThread {
                        try pool.withConnection { connection in
                            let open = pool.connectionCounts.open
                            peak.record(open)
                            try connection.query("SELECT pg_sleep(0.05)")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.highest <= 2)
        #expect(pool.connectionCounts.open <= 2)
    }

    @Test func returnedConnectionIsCleanedUp() throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        try pool.withConnection { try $0.simpleQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS leftovers (n int)") }
        try pool.withConnection { connection in
            try connection.simpleQuery(unsafeSQL: "BEGIN; INSERT INTO leftovers VALUES (1)")
            try connection.listen("pool_channel")
        }
        try pool.withConnection { connection throws in
            #expect(!connection.isInTransaction)
            #expect(!connection.isListening)
            #expect(try connection.query("SELECT count(*) AS n FROM leftovers")[0].decode("n", as: Int.self) == 0)
        }
        #expect(throws: AbortBody()) {
            try pool.transaction { connection in
                try connection.execute("INSERT INTO leftovers VALUES (2)")
                throw AbortBody()
            }
        }
        #expect(try pool.query("SELECT count(*) AS n FROM leftovers")[0].decode("n", as: Int.self) == 0)
    }

    @Test func closedPoolRefusesCheckouts() throws {
        let pool = try makePool()
        try pool.withConnection { _ in }
        pool.close()
        #expect(pool.connectionCounts.open == 0)
        do {
            try pool.withConnection { _ in }
            Issue.record("closed pool handed out a connection")
        } catch let error as PostgresError {
            #expect(error.kind == .poolClosed)
        }
    }
}

/// The highest value seen, shared between threads.
final class PeakCounter: Sendable {
    /// The highest value so far.
    private let value = Mutex(0)

    /// Records a value.
    func record(_ sample: Int) {
        value.withLock { $0 = max($0, sample) }
    }

    /// The highest value recorded.
    var highest: Int { value.withLock { $0 } }
}
