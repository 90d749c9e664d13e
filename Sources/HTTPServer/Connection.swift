/// What the server needs to finish one response: who asked, how to frame it, what to log.
struct ResponseContext {
    let requestID: String
    let method: String
    let path: String
    let route: String
    let isHead: Bool
    let keepAlive: Bool
    let version: HTTPVersion
    let startNanos: UInt64
}

/// One place in a connection's ordered list of responses; `response` is nil while a
/// `.blocking` handler still works on it.
struct PipelineSlot {
    let id: UInt64
    let context: ResponseContext
    var response: HTTPResponse?
}

/// One accepted socket and its HTTP state. Owns the descriptor; used only on its loop's thread.
final class Connection {
    let fd: Int32
    let id: UInt64
    let peer: String
    /// Whether it counts toward `maxConnections` (false for connections refused at the cap).
    let counted: Bool
    private(set) var isOpen = true

    var parser: HTTPRequestParser
    /// Unparsed bytes kept between reads (a partial request, or requests waiting behind a full pipeline).
    var inbound: [UInt8] = []
    var outbound: [UInt8] = []
    var outboundOffset = 0
    /// Responses in request order; the first one is written first.
    var pipeline: [PipelineSlot] = []
    var nextSlot: UInt64 = 0
    var requestCount = 0

    /// Whether further requests are read; false once a closing response or an error is queued.
    var acceptingRequests = true
    /// Close (lingering) once everything queued is written.
    var closeAfterFlush = false
    /// Our side is shut down; input is discarded until EOF or `lingerDeadline`.
    var lingering = false
    var lingerDeadline: UInt64 = 0
    /// The client closed its sending side.
    var peerClosed = false
    /// A socket error: close without writing more.
    var failed = false
    /// Reading stopped for backpressure (pipeline full or a blocked write).
    var readPaused = false
    /// The last `send` hit a full socket buffer; EPOLLOUT will resume it.
    var writeBlocked = false

    /// When the current request began (accept time for the first one), in ms; 0 between requests.
    var requestStart: UInt64
    /// Whether any byte of the current request has arrived.
    var requestHasBytes = false
    var headCompletedAt: UInt64 = 0
    var continueSent = false
    var lastActivity: UInt64
    var lastWriteProgress: UInt64 = 0

    init(fd: Int32, id: UInt64, peer: String, counted: Bool, now: UInt64, limits: HTTPRequestParser.Limits) {
        self.fd = fd
        self.id = id
        self.peer = peer
        self.counted = counted
        parser = HTTPRequestParser(limits: limits)
        requestStart = now
        lastActivity = now
    }

    deinit {
        close()
    }

    var hasPendingOutput: Bool { outboundOffset < outbound.count }

    /// Nothing in flight: no queued response, no partial request, nothing unwritten.
    var isIdle: Bool { pipeline.isEmpty && !requestHasBytes && !hasPendingOutput && inbound.isEmpty }

    /// Closes the descriptor once (which also removes it from the epoll set).
    func close() {
        guard isOpen else { return }
        isOpen = false
        Syscall.close(fd)
    }
}
