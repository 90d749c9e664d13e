import Logging
import Synchronization

/// What every event loop shares: settings in loop-friendly units, the pool, the connection count.
final class ServerContext: Sendable {
    /// Where access and error lines go.
    let logger: Logger
    /// Whether the logger takes info lines (the access log), decided once: asking the logger costs a
    /// copy of its handler, on every request.
    let logsAccess: Bool
    /// Runs `.blocking` handlers.
    let pool: HandlerPool
    /// Header, body and field-count limits.
    let parserLimits: HTTPRequestParser.Limits
    /// Requests in flight per connection.
    let maxPipelinedRequests: Int
    /// Requests per connection, 0 for unbounded.
    let maxRequestsPerConnection: Int
    /// Open connections across all loops.
    let maxConnections: Int
    /// Header read timeout (ms).
    let headerTimeout: UInt64
    /// Body read timeout (ms).
    let bodyTimeout: UInt64
    /// Keep-alive idle timeout (ms).
    let idleTimeout: UInt64
    /// Stalled write timeout (ms).
    let writeTimeout: UInt64
    /// Lingering close limit (ms).
    let lingerTimeout: UInt64
    /// The `Server` header line, pre-encoded.
    let serverHeaderLine: [UInt8]
    /// The access observer, if any.
    let onResponse: (@Sendable (HTTPAccessRecord) -> Void)?
    /// Every loop's mailbox, by loop index: accepted connections are dealt out round-robin through them.
    let mailboxes: [EventLoopMailbox]
    private let openConnections = Atomic<Int>(0)

    /// Converts the configuration into the units the loops use.
    init(
        configuration: HTTPServerConfiguration, logger: Logger, pool: HandlerPool, mailboxes: [EventLoopMailbox]
    ) {
        self.mailboxes = mailboxes
        self.logger = logger
        logsAccess = logger.logLevel <= .info
        self.pool = pool
        parserLimits = configuration.parserLimits
        maxPipelinedRequests = max(1, configuration.maxPipelinedRequests)
        maxRequestsPerConnection = max(0, configuration.maxRequestsPerConnection)
        maxConnections = configuration.maxConnections
        headerTimeout = configuration.headerReadTimeout.wholeMilliseconds
        bodyTimeout = configuration.bodyReadTimeout.wholeMilliseconds
        idleTimeout = configuration.idleTimeout.wholeMilliseconds
        writeTimeout = configuration.writeTimeout.wholeMilliseconds
        lingerTimeout = configuration.lingerTimeout.wholeMilliseconds
        serverHeaderLine = Array("Server: \(configuration.serverName)\r\n".utf8)
        onResponse = configuration.onResponse
    }

    /// Counts a new connection; false (and not counted) when the cap is reached.
    func reserveConnection() -> Bool {
        if openConnections.add(1, ordering: .relaxed).newValue <= maxConnections { return true }
        openConnections.subtract(1, ordering: .relaxed)
        return false
    }

    /// Uncounts a closed connection.
    func releaseConnection() {
        openConnections.subtract(1, ordering: .relaxed)
    }
}
