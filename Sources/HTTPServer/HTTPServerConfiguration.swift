import Glibc

/// Every setting and limit of the server, each with its default.
public struct HTTPServerConfiguration: Sendable {
    /// Numeric IPv4/IPv6 address to listen on (`localhost` means 127.0.0.1). Default `0.0.0.0`.
    public var host = "0.0.0.0"
    /// TCP port; 0 picks a free one (`start()` returns it). Default 8080.
    public var port = 8080
    /// Event-loop threads, each with its own epoll and its own `SO_REUSEPORT` listener. Default: online cores.
    public var eventLoopCount = HTTPServerConfiguration.onlineCores
    /// Threads that run `.blocking` handlers. Default 16.
    public var handlerThreads = 16
    /// Blocking requests that may wait in the queue for a handler thread (at least 1); beyond it → 503 with `Retry-After: 1`. Default 1024.
    public var handlerQueueCapacity = 1024
    /// Bytes of request line plus headers (→ 431). Default 16 KiB.
    public var maxHeaderBytes = 16_384
    /// Bytes of request body (→ 413, then close). Default 64 KiB.
    public var maxBodyBytes = 65_536
    /// Header fields per request (→ 431). Default 100.
    public var maxHeaderCount = 100
    /// Time from accept, or from a request's first byte, until its head is complete (→ 408, close). Default 10 s.
    public var headerReadTimeout: Duration = .seconds(10)
    /// Time from a complete head until the body is complete (→ 408, close). Default 30 s.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// Time a keep-alive connection may sit between requests before it is closed silently. Default 60 s.
    public var idleTimeout: Duration = .seconds(60)
    /// Time a response may wait for the client to read before the connection is dropped. Default 30 s.
    public var writeTimeout: Duration = .seconds(30)
    /// After a closing response the server stops sending and drains the client's unread bytes for
    /// at most this long, so the client is not reset before it reads the response. Default 2 s.
    public var lingerTimeout: Duration = .seconds(2)
    /// Open connections across all loops; excess ones get a 503 `too_many_connections` and are closed. Default 10,000.
    public var maxConnections = 10_000
    /// Requests served on one connection before it is closed; 0 means unbounded (the default).
    public var maxRequestsPerConnection = 0
    /// Requests of one connection in flight at once; further pipelined requests wait unread. Default 16.
    public var maxPipelinedRequests = 16
    /// The `listen` backlog of each listener. Default 1024.
    public var listenBacklog: Int32 = 1024
    /// The value of the `Server` header on every response. Default `checktick-jobs`.
    public var serverName = "checktick-jobs"
    /// Called on the event loop after each response is queued (metrics); it must be cheap and must not block.
    public var onResponse: (@Sendable (HTTPAccessRecord) -> Void)?

    /// The defaults, listening on `host:port`.
    public init(host: String = "0.0.0.0", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    /// The number of online CPU cores (at least 1).
    public static var onlineCores: Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The limits the request parser enforces.
    var parserLimits: HTTPRequestParser.Limits {
        HTTPRequestParser.Limits(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes, maxHeaderCount: maxHeaderCount)
    }
}
