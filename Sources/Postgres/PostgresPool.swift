import Dispatch
import Logging
import Synchronization

/// A bounded pool of connections, opened lazily, handed to one caller at a time.
///
/// `withConnection` blocks the calling thread (never an event loop) until a connection is free or
/// the checkout timeout passes. A connection found broken is closed and replaced on a later checkout.
public final class PostgresPool: Sendable {
    /// Pool limits.
    public struct Settings: Sendable {
        /// The default `size`.
        public static let defaultSize = 10
        /// The default `checkoutTimeout`.
        public static let defaultCheckoutTimeout: Duration = .seconds(5)

        /// Most connections open at once.
        public var size: Int
        /// Longest wait for a free connection before `.poolExhausted`.
        public var checkoutTimeout: Duration

        /// Creates settings; `size` must be at least 1.
        public init(size: Int = Settings.defaultSize, checkoutTimeout: Duration = Settings.defaultCheckoutTimeout) {
            self.size = size
            self.checkoutTimeout = checkoutTimeout
        }
    }

    /// Shared bookkeeping, guarded by `state`.
    private struct State {
        /// Connections ready for reuse, most recently returned last.
        var idle: [PostgresConnection] = []
        /// Connections open (idle plus checked out plus being opened).
        var open = 0
        /// Set by `close()`.
        var closed = false
    }

    /// Where connections go.
    public let configuration: PostgresConfiguration
    /// The limits.
    public let settings: Settings
    /// The logger for pool events and the connections' notices.
    private let logger: Logger
    /// Guarded bookkeeping.
    private let state = Mutex(State())
    /// One permit per connection that may be checked out; waiting on it is the checkout wait.
    private let permits: DispatchSemaphore

    /// Creates an empty pool; no connection is opened until the first checkout.
    public init(configuration: PostgresConfiguration, settings: Settings = Settings(), logger: Logger) {
        precondition(settings.size >= 1, "PostgresPool size must be at least 1")
        self.configuration = configuration
        self.settings = settings
        self.logger = logger
        permits = DispatchSemaphore(value: settings.size)
    }

    /// Runs `body` with a connection and returns the connection afterwards (a broken one is closed).
    @discardableResult
    public func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection = try checkout()
        let result: Result
        do {
            result = try body(connection)
        } catch {
            checkin(connection, after: error)
            throw error
        }
        checkin(connection, after: nil)
        return result
    }

    /// Runs `body` in a transaction on a pooled connection (see `PostgresConnection.transaction`).
    @discardableResult
    public func transaction<Result>(
        statementTimeout: Duration? = nil, _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        try withConnection { connection in
            try connection.transaction(statementTimeout: statementTimeout, body)
        }
    }

    /// Runs one statement on a pooled connection and returns its rows.
    @discardableResult
    public func query(_ sql: SQL) throws(PostgresError) -> PostgresRows {
        do {
            return try withConnection { connection throws(PostgresError) in try connection.query(sql) }
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(.queryFailed, message: "\(error)")
        }
    }

    /// Runs one statement as a prepared statement (see `PostgresConnection.query(prepared:)`) on a pooled
    /// connection and returns its rows.
    @discardableResult
    public func query(prepared sql: SQL) throws(PostgresError) -> PostgresRows {
        do {
            return try withConnection { connection throws(PostgresError) in try connection.query(prepared: sql) }
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(.queryFailed, message: "\(error)")
        }
    }

    /// Connections now open, and how many of them are idle.
    public var connectionCounts: (open: Int, idle: Int) {
        state.withLock { ($0.open, $0.idle.count) }
    }

    /// Closes idle connections now and the others as they are returned; later checkouts throw `.poolClosed`.
    public func close() {
        let idle = state.withLock { state -> [PostgresConnection] in
            state.closed = true
            let idle = state.idle
            state.open -= idle.count
            state.idle = []
            return idle
        }
        for connection in idle { connection.close() }
        // Wake one waiter; each one that sees the pool closed passes the wake-up on.
        permits.signal()
    }

    /// Takes a permit, then an idle connection that is still alive, or opens a new one.
    private func checkout() throws(PostgresError) -> PostgresConnection {
        if state.withLock({ $0.closed }) {
            throw PostgresError(.poolClosed, message: "pool closed")
        }
        guard permits.wait(timeout: .now() + Self.dispatchInterval(settings.checkoutTimeout)) == .success else {
            throw PostgresError(
                .poolExhausted,
                message: "no connection free within \(settings.checkoutTimeout) (pool size \(settings.size))")
        }
        while true {
            let (candidate, closed) = state.withLock { state -> (PostgresConnection?, Bool) in
                if state.closed { return (nil, true) }
                if let connection = state.idle.popLast() { return (connection, false) }
                state.open += 1
                return (nil, false)
            }
            if closed {
                permits.signal()
                throw PostgresError(.poolClosed, message: "pool closed")
            }
            guard let candidate else { break }
            if candidate.probeAlive() && !candidate.isInTransaction { return candidate }
            logger.notice(
                "postgres connection broken, replacing", metadata: ["postgres.backend_pid": "\(candidate.backendPID)"])
            candidate.close()
            state.withLock { $0.open -= 1 }
        }
        do {
            let connection = try PostgresConnection(configuration: configuration, logger: logger)
            logger.debug("postgres connection opened", metadata: ["postgres.backend_pid": "\(connection.backendPID)"])
            return connection
        } catch {
            state.withLock { $0.open -= 1 }
            permits.signal()
            throw error
        }
    }

    /// Puts a connection back, or closes it when it is broken, mid-transaction or the pool closed.
    private func checkin(_ connection: PostgresConnection, after error: (any Error)?) {
        var reusable = connection.isHealthy
        if let error = error as? PostgresError, error.isConnectionError { reusable = false }
        if reusable && connection.isInTransaction {
            reusable = (try? connection.simpleQuery(unsafeSQL: "ROLLBACK")) != nil
        }
        if reusable && connection.isListening {
            reusable = (try? connection.unlistenAll()) != nil
        }
        let kept = state.withLock { state -> Bool in
            guard reusable && !state.closed else {
                state.open -= 1
                return false
            }
            state.idle.append(connection)
            return true
        }
        if !kept {
            if !connection.isHealthy {
                logger.notice(
                    "postgres connection broken, discarded",
                    metadata: ["postgres.backend_pid": "\(connection.backendPID)"])
            }
            connection.close()
        }
        permits.signal()
    }

    /// A Duration as a Dispatch interval, capped at about a year.
    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        let capped = min(max(seconds, 0), 31_536_000)
        return .nanoseconds(Int(capped) * 1_000_000_000 + Int(max(attoseconds, 0) / 1_000_000_000))
    }
}
