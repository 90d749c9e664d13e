import CSystem
import Glibc
import Logging
import Threads

/// One event-loop thread: its epoll set, its own listener, its connections and their timers.
///
/// Built by `HTTPServer.start()` and handed to its thread, after which only that thread touches
/// it (hence `@unchecked Sendable`); other threads talk to it through its `mailbox`.
final class EventLoop: @unchecked Sendable {
    /// The epoll token of the listener.
    static let listenerToken = UInt64.max
    /// The epoll token of the mailbox eventfd.
    static let wakeToken = UInt64.max - 1
    // Timers are checked by a sweep at most this often; epoll_wait never sleeps longer while work is open.
    static let tickMilliseconds: UInt64 = 250
    /// Events taken per `epoll_wait`.
    static let maxEvents: Int32 = 256
    /// Bytes asked of each `recv`.
    static let readBufferSize = 65_536
    /// Connections accepted per wake-up, so one loop cannot starve its connections.
    static let acceptBatch = 64
    /// Milliseconds to stop accepting after running out of descriptors.
    static let acceptPause: UInt64 = 100

    /// The loop's number, for thread names.
    let index: Int
    /// Settings and pool shared by all loops.
    let context: ServerContext
    /// This loop's own routes (see `HTTPServer.init(configuration:logger:makeRouter:)`).
    let router: Router
    /// The `Server` header line: this loop's own copy, as every response retains it.
    let serverHeaderLine: [UInt8]
    /// The access observer behind a closure of this loop's own (calling the shared one directly would
    /// retain its context from every loop at once).
    let onResponse: (@Sendable (HTTPAccessRecord) -> Void)?
    /// Where other threads post to this loop.
    let mailbox: EventLoopMailbox
    private let epollFD: Int32
    private var listener: ListeningSocket?
    private var connections: [Connection?] = []
    private var openCount = 0
    private var nextConnectionID: UInt64 = 0
    private var lastSweep: UInt64
    private var acceptPausedUntil: UInt64 = 0
    private let events: UnsafeMutablePointer<epoll_event>
    /// Scratch space every `recv` reads into; complete requests are parsed straight from it.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// The loop's notion of now (monotonic ms), refreshed after every `epoll_wait`.
    var now: UInt64
    /// Whether graceful shutdown has begun.
    var draining = false
    /// When draining gives up and closes everything (ms).
    var drainDeadline: UInt64 = 0
    /// The `Date` header line for this second.
    var dateCache = HTTPDateCache()
    /// Generates ids for requests without a usable `X-Request-Id`.
    var requestIDs = RequestID()
    /// The loop that gets the next connection this loop accepts (round-robin over all loops).
    private var nextOwner: Int

    /// Creates the loop's epoll set and registers its listener and mailbox.
    init(
        index: Int, context: ServerContext, router: Router, mailbox: EventLoopMailbox, listener: ListeningSocket
    ) throws(HTTPServerError) {
        let epollFD = try Syscall.run("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        do {
            try Self.register(epollFD, listener.fd, token: Self.listenerToken, events: Epoll.input)
            try Self.register(epollFD, mailbox.eventFD, token: Self.wakeToken, events: Epoll.input)
        } catch {
            Syscall.close(epollFD)
            throw error
        }
        self.epollFD = epollFD
        self.index = index
        nextOwner = index
        self.context = context
        self.router = router
        serverHeaderLine = [UInt8](unsafeUninitializedCapacity: context.serverHeaderLine.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: context.serverHeaderLine)
        }
        if let observer = context.onResponse {
            onResponse = { @Sendable (record: HTTPAccessRecord) in observer(record) }
        } else {
            onResponse = nil
        }
        self.mailbox = mailbox
        self.listener = listener
        events = .allocate(capacity: Int(Self.maxEvents))
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        now = MonotonicClock.milliseconds()
        lastSweep = now
        dateCache.refresh()
    }

    deinit {
        Syscall.close(epollFD)
        events.deallocate()
        readBuffer.deallocate()
    }

    /// The thread body: poll, dispatch, sweep timers; returns once drained (or at the drain deadline).
    func run() {
        while true {
            let ready: Int32
            do {
                let timeout = pollTimeout()
                ready = try Syscall.run("epoll_wait") { epoll_wait(epollFD, events, Self.maxEvents, timeout) }
            } catch {
                context.logger.critical("event loop failed", metadata: ["error": "\(error.debugDescription)"])
                break
            }
            now = MonotonicClock.milliseconds()
            dateCache.refresh()
            for position in 0..<Int(ready) {
                let event = events[position]
                switch event.data.u64 {
                case Self.listenerToken: acceptConnections()
                case Self.wakeToken: receiveMessages()
                case let token: connectionEvent(fd: Int32(truncatingIfNeeded: token), events: event.events)
                }
            }
            if acceptPausedUntil != 0 && now >= acceptPausedUntil { resumeAccepting() }
            if now &- lastSweep >= Self.tickMilliseconds { sweep() }
            if draining && (openCount == 0 || now >= drainDeadline) { break }
        }
        closeEverything()
    }

    private func pollTimeout() -> Int32 {
        if draining { return Int32(min(Self.tickMilliseconds, drainDeadline > now ? drainDeadline - now : 0)) }
        if openCount == 0 && acceptPausedUntil == 0 { return -1 }
        return Int32(Self.tickMilliseconds)
    }

    private func connectionEvent(fd: Int32, events: UInt32) {
        guard let connection = connection(fd) else { return }
        if events & Epoll.error != 0 {
            connection.failed = true
        } else {
            if events & (Epoll.input | Epoll.peerHangup | Epoll.hangup) != 0 {
                readAvailable(connection, toEnd: events & (Epoll.peerHangup | Epoll.hangup) != 0)
            }
            if events & Epoll.output != 0 && connection.hasPendingOutput {
                flush(connection)
            }
        }
        settle(connection)
    }

    private func connection(_ fd: Int32) -> Connection? {
        guard fd >= 0, Int(fd) < connections.count else { return nil }
        return connections[Int(fd)]
    }

    // MARK: accepting

    private func acceptConnections() {
        guard let listener else { return }
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        for _ in 0..<Self.acceptBatch {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let accepted = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    Result { () throws(HTTPServerError) -> Int32 in
                        try Syscall.run("accept4") { csystem_accept4(listener.fd, address, &length, flags) }
                    }
                }
            }
            switch accepted {
            case .success(let fd):
                let owner = nextOwner % context.mailboxes.count
                nextOwner &+= 1
                if owner == index {
                    open(fd, peer: SocketAddress.describe(storage))
                } else {
                    context.mailboxes[owner].post(.adopt(fd: fd, peer: SocketAddress.describe(storage)))
                }
            case .failure(let error):
                switch error.code {
                case EAGAIN:
                    return
                case ECONNABORTED, EPROTO, EPERM:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    pauseAccepting(error)
                    return
                default:
                    context.logger.warning("accept failed", metadata: ["error": "\(error.debugDescription)"])
                    return
                }
            }
        }
    }

    private func open(_ fd: Int32, peer: String) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let counted = context.reserveConnection()
        nextConnectionID += 1
        let connection = Connection(
            fd: fd, id: nextConnectionID, peer: peer, counted: counted, now: now, limits: context.parserLimits)
        do {
            try Self.register(epollFD, fd, token: UInt64(fd), events: Epoll.connection)
        } catch {
            if counted { context.releaseConnection() }
            connection.close()
            return
        }
        let slot = Int(fd)
        if slot >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(slot + 1 - connections.count, connections.count)))
        }
        connections[slot] = connection
        openCount += 1
        if !counted { refuse(connection) }
    }

    // A descriptor shortage would make the level-triggered listener wake us in a busy loop.
    private func pauseAccepting(_ error: HTTPServerError) {
        guard let listener else { return }
        context.logger.warning("accept paused", metadata: ["error": "\(error.debugDescription)"])
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, listener.fd, nil)
        acceptPausedUntil = now + Self.acceptPause
    }

    private func resumeAccepting() {
        acceptPausedUntil = 0
        guard let listener else { return }
        try? Self.register(epollFD, listener.fd, token: Self.listenerToken, events: Epoll.input)
    }

    private static func register(_ epollFD: Int32, _ fd: Int32, token: UInt64, events: UInt32) throws(HTTPServerError) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        _ = try Syscall.run("epoll_ctl") { epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) }
    }

    // MARK: messages, closing, draining

    private func receiveMessages() {
        for message in mailbox.take() {
            switch message {
            case .handlerResult(let fd, let connectionID, let slot, let response):
                guard let connection = connection(fd), connection.id == connectionID,
                    let position = connection.pipeline.firstIndex(where: { $0.id == slot })
                else { continue }
                connection.pipeline[position].response = response
                drainPipeline(connection)
                flush(connection)
                settle(connection)
            case .adopt(let fd, let peer):
                if draining {
                    Syscall.close(fd)
                } else {
                    open(fd, peer: peer)
                }
            case .beginShutdown(let deadline):
                beginDrain(deadline: deadline)
            }
        }
    }

    /// Closes `connection` now and forgets it.
    func close(_ connection: Connection) {
        guard connection.isOpen else { return }
        connections[Int(connection.fd)] = nil
        openCount -= 1
        if connection.counted { context.releaseConnection() }
        connection.close()
    }

    private func beginDrain(deadline: UInt64) {
        guard !draining else { return }
        draining = true
        drainDeadline = deadline
        acceptPausedUntil = 0
        listener?.close()
        listener = nil
        for connection in connections {
            guard let connection else { continue }
            // A request already arriving is finished; nothing new is started.
            if !connection.requestHasBytes { connection.acceptingRequests = false }
            settle(connection)
        }
    }

    private func sweep() {
        lastSweep = now
        for connection in connections {
            if let connection { checkDeadlines(connection) }
        }
    }

    private func closeEverything() {
        listener?.close()
        listener = nil
        for connection in connections {
            if let connection { close(connection) }
        }
    }
}
