/// One accepted socket and its HTTP state. Owns the descriptor; used only on its loop's thread.
final class Connection {
    /// The socket.
    let fd: Int32
    /// Unique per loop, so late pool results for a reused fd are told apart.
    let id: UInt64
    /// The client as `address:port`.
    let peer: String
    /// Whether it counts toward `maxConnections` (false for connections refused at the cap).
    let counted: Bool
    /// False once the descriptor is closed.
    private(set) var isOpen = true

    /// The parser state of the request being read.
    var parser: HTTPRequestParser
    /// Unparsed bytes kept between reads (a partial request, or requests waiting behind a full pipeline).
    var inbound: [UInt8] = []
    /// Serialized responses not yet sent.
    var outbound: [UInt8] = []
    /// How much of `outbound` is already sent.
    var outboundOffset = 0
    /// Responses in request order; the first one is written first.
    var pipeline: [PipelineSlot] = []
    /// The id of the next pipeline slot.
    var nextSlot: UInt64 = 0
    /// Requests received on this connection.
    var requestCount = 0

    /// Whether further requests are read; false once a closing response or an error is queued.
    var acceptingRequests = true
    /// Close (lingering) once everything queued is written.
    var closeAfterFlush = false
    /// Our side is shut down; input is discarded until EOF or `lingerDeadline`.
    var lingering = false
    /// When lingering gives up (monotonic ms).
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
    /// When the current head completed (ms); 0 while reading it.
    var headCompletedAt: UInt64 = 0
    /// Whether `100 Continue` went out for the current request.
    var continueSent = false
    /// Last read or completed write (ms), for the idle timeout.
    var lastActivity: UInt64
    /// Last time a `send` made progress (ms), for the write timeout.
    var lastWriteProgress: UInt64 = 0

    /// Wraps an accepted socket; the first request's header timer starts now.
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

    /// Whether serialized bytes still wait to be sent.
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
