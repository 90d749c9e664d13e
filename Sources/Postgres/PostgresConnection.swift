internal import CLibpq
import Logging
import Synchronization

/// One libpq connection.
///
/// Used by one thread at a time (a pool hands it out, or a worker owns it); only `cancel()` may be
/// called from another thread. `close()` is idempotent and deinit closes.
public final class PostgresConnection: @unchecked Sendable {
    /// The libpq handle; nil once closed.
    var handle: OpaquePointer?
    /// The logger for server notices and lifecycle events.
    public let logger: Logger
    /// The server process serving this connection (`pg_backend_pid()`).
    public let backendPID: Int32
    /// The cancel handle, shared with `cancel()` callers on other threads.
    let canceller: Mutex<PostgresCancelToken?>
    /// Set by `cancel()`, cleared when a statement starts: tells a cancel from a `statement_timeout`.
    let cancelRequested = Atomic<Bool>(false)
    /// Receives libpq notices; outlives the handle.
    private let noticeSink: PostgresNoticeSink
    /// True after `listen`; a pool unlistens before reuse.
    var isListening = false
    /// Open transaction blocks started by `transaction` (nested ones are savepoints).
    var transactionDepth = 0
    /// Statement text → name of the server-side prepared statement made for it on this connection.
    private var preparedNames: [String: String] = [:]
    /// At most this many statements are prepared per connection; later ones run unprepared.
    static let maxPreparedStatements = 32

    /// Connects, waiting at most the configuration's connect timeout.
    public init(configuration: PostgresConfiguration, logger: Logger) throws(PostgresError) {
        let parameters = configuration.connectParameters()
        let connected = Self.withCStringArrays(parameters) { keywords, values in
            PQconnectdbParams(keywords, values, 1)
        }
        guard let connected else {
            throw PostgresError(.connectionFailed, message: "PQconnectdbParams: out of memory")
        }
        guard PQstatus(connected) == CONNECTION_OK else {
            let message = Self.clean(PQerrorMessage(connected))
            PQfinish(connected)
            throw PostgresError(.connectionFailed, message: message)
        }
        handle = connected
        self.logger = logger
        backendPID = PQbackendPID(connected)
        canceller = Mutex(PQgetCancel(connected).map(PostgresCancelToken.init))
        noticeSink = PostgresNoticeSink(logger: logger)
        PQsetNoticeReceiver(connected, postgresNoticeReceiver, Unmanaged.passUnretained(noticeSink).toOpaque())
        do {
            try configureSession()
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Closes the connection; later calls do nothing, later statements throw `.connectionClosed`.
    public func close() {
        canceller.withLock { $0 = nil }
        guard let open = handle else { return }
        handle = nil
        PQfinish(open)
    }

    /// True while the connection is usable: open, `PQstatus` OK, and the server has not announced
    /// the end of the session.
    public var isHealthy: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK && !noticeSink.fatalReceived
    }

    /// True while a transaction block is open on the server (idle in transaction, active or failed).
    public var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    public func query(_ sql: SQL) throws(PostgresError) -> PostgresRows {
        let (text, binds) = sql.render()
        return try run(text: text, binds: binds)
    }

    /// Runs one statement through a server-side prepared statement: the server parses and plans the text
    /// once per connection, and each call only binds and executes. For the hot statements whose text is
    /// fixed (the values are binds); a connection prepares at most `maxPreparedStatements` of them.
    @discardableResult
    public func query(prepared sql: SQL) throws(PostgresError) -> PostgresRows {
        let (text, binds) = sql.render()
        let open = try liveHandle()
        var name = preparedNames[text]
        if name == nil && preparedNames.count < Self.maxPreparedStatements && transactionDepth == 0 {
            try Self.checkNoNUL(text, what: "statement text")
            let fresh = "ctj_\(preparedNames.count + 1)"
            do {
                _ = try check(PQprepare(open, fresh, text, Int32(binds.count), nil), handle: open)
                preparedNames[text] = fresh
                name = fresh
            } catch where error.sqlState == "42P05" {
                // A pooler in front of the server mixed sessions: the name is taken; run unprepared.
            }
        }
        guard let name else { return try run(text: text, binds: binds) }
        cancelRequested.store(false, ordering: .sequentiallyConsistent)
        let result = try Self.withParameterPointers(binds) { pointers in
            PQexecPrepared(open, name, Int32(binds.count), pointers, nil, nil, 0)
        }
        do {
            return try check(result, handle: open)
        } catch where error.sqlState == "26000" && transactionDepth == 0 {
            // The statement is gone (a transaction-mode pooler changed the server session): forget the
            // names and run this one unprepared; nothing was executed.
            preparedNames = [:]
            return try run(text: text, binds: binds)
        }
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) throws(PostgresError) -> Int {
        try query(sql).affectedRows
    }

    /// Runs raw SQL text that may hold several statements (migrations); no bind parameters.
    public func simpleQuery(unsafeSQL text: String) throws(PostgresError) {
        let open = try liveHandle()
        try Self.checkNoNUL(text, what: "statement text")
        cancelRequested.store(false, ordering: .sequentiallyConsistent)
        _ = try check(PQexec(open, text), handle: open)
    }

    /// Sends one statement with text-format parameters whose types the server infers.
    private func run(text: String, binds: [String?]) throws(PostgresError) -> PostgresRows {
        let open = try liveHandle()
        try Self.checkNoNUL(text, what: "statement text")
        cancelRequested.store(false, ordering: .sequentiallyConsistent)
        let result = try Self.withParameterPointers(binds) { pointers in
            PQexecParams(open, text, Int32(binds.count), nil, pointers, nil, nil, 0)
        }
        return try check(result, handle: open)
    }

    /// The open handle, or `.connectionClosed`.
    func liveHandle() throws(PostgresError) -> OpaquePointer {
        guard let handle else {
            throw PostgresError(.connectionClosed, message: "connection already closed")
        }
        return handle
    }

    /// Wraps a successful result, or turns a failed one into an error.
    func check(_ result: OpaquePointer?, handle open: OpaquePointer) throws(PostgresError) -> PostgresRows {
        guard let result else { throw error(from: nil, handle: open) }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
            return PostgresRows(result: result)
        }
        if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
            PQclear(result)
            // A COPY in progress would leave the protocol mid-stream: the connection is unusable.
            close()
            throw PostgresError(.queryFailed, message: "COPY is not supported by this client")
        }
        let failure = error(from: result, handle: open)
        PQclear(result)
        throw failure
    }

    /// Builds an error from a failed result (or the connection's last error when there is none).
    private func error(from result: OpaquePointer?, handle open: OpaquePointer) -> PostgresError {
        // The PG_DIAG_* macros are character literals, which Swift does not import.
        func field(_ code: Unicode.Scalar) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.value)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let message =
            field("M")
            ?? Self.clean(result.map { PQresultErrorMessage($0) } ?? PQerrorMessage(open))
        let kind: PostgresError.Kind
        if PQstatus(open) != CONNECTION_OK || noticeSink.fatalReceived {
            kind = .connectionLost
        } else if sqlState == "57014" {
            kind = cancelRequested.load(ordering: .sequentiallyConsistent) ? .queryCanceled : .timeout
        } else {
            kind = .queryFailed
        }
        return PostgresError(
            kind, message: message.isEmpty ? "unknown libpq error" : message, sqlState: sqlState,
            detail: field("D"), hint: field("H"),
            constraint: field("n"))
    }

    /// Makes result text predictable: ISO dates (parsed by `PostgresTimestamp`) and UTC, as Django does.
    private func configureSession() throws(PostgresError) {
        let open = try liveHandle()
        func parameter(_ name: String) -> String {
            PQparameterStatus(open, name).map { String(cString: $0) } ?? ""
        }
        let isoDates = parameter("DateStyle").hasPrefix("ISO")
        let utc = ["UTC", "Etc/UTC"].contains(parameter("TimeZone"))
        guard !isoDates || !utc else { return }
        try simpleQuery(unsafeSQL: "SET DateStyle TO 'ISO, MDY'; SET TimeZone TO 'UTC'")
    }
}
