import Logging
import Synchronization

/// What every event loop shares: settings in loop-friendly units, the router, the pool, the connection count.
final class ServerContext: Sendable {
    let router: Router
    let logger: Logger
    let pool: HandlerPool
    let parserLimits: HTTPRequestParser.Limits
    let maxPipelinedRequests: Int
    let maxRequestsPerConnection: Int
    let maxConnections: Int
    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    let idleTimeout: UInt64
    let writeTimeout: UInt64
    let lingerTimeout: UInt64
    let serverHeaderLine: [UInt8]
    let onResponse: (@Sendable (HTTPAccessRecord) -> Void)?
    private let openConnections = Atomic<Int>(0)

    init(configuration: HTTPServerConfiguration, router: Router, logger: Logger, pool: HandlerPool) {
        self.router = router
        self.logger = logger
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
