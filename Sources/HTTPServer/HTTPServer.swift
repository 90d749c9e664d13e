import Glibc
import Logging
import Threads

/// An HTTP/1.1 server on POSIX sockets: N epoll event loops, one `SO_REUSEPORT` listener per
/// loop (each loop deals the connections it accepts out to all loops in turn, so that an uneven
/// kernel split does not leave one loop with most of them), and a bounded thread pool for
/// `.blocking` handlers.
///
/// `start()` binds and returns the port; `shutdown(gracePeriod:)` stops accepting, finishes
/// in-flight requests (blocking ones included), closes idle keep-alive connections and returns
/// once everything is done or the grace period is over.
public final class HTTPServer: Sendable {
    private let configuration: HTTPServerConfiguration
    private let makeRouter: @Sendable () -> Router
    private let logger: Logger
    private let lifecycle = Lifecycle()

    /// A server that will serve `router` with `configuration`, logging to `logger`. Every event loop
    /// uses the same router and so the same handler closures.
    public convenience init(configuration: HTTPServerConfiguration, router: Router, logger: Logger) {
        self.init(configuration: configuration, logger: logger) { router }
    }

    /// A server whose event loops each serve a router of their own, built by `makeRouter` (called once
    /// per loop at start): handlers, gates and whatever they capture are then not shared between the
    /// loops' cores, so the reference counting of a request's path never contends between them.
    public init(configuration: HTTPServerConfiguration, logger: Logger, makeRouter: @escaping @Sendable () -> Router) {
        self.configuration = configuration
        self.makeRouter = makeRouter
        self.logger = logger
    }

    /// Binds, starts the event loops and handler threads, and returns the port actually bound.
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        try lifecycle.beginStarting()
        do {
            let running = try launch()
            lifecycle.finishStarting(running)
            logger.info(
                "server started",
                metadata: [
                    "http.host": .string(configuration.host), "http.port": .stringConvertible(running.port),
                    "http.event_loops": .stringConvertible(running.threads.count),
                ])
            return running.port
        } catch {
            lifecycle.failStarting()
            throw error
        }
    }

    /// Stops gracefully and waits until stopped: no new connections, in-flight requests finish,
    /// idle connections close; whatever is left at the end of `gracePeriod` is closed.
    /// Call it from the main or a signal thread, never from a handler (it joins the loop threads).
    public func shutdown(gracePeriod: Duration) {
        guard let running = lifecycle.beginStopping() else {
            lifecycle.waitUntilStopped()
            return
        }
        logger.info("server stopping", metadata: ["http.port": .stringConvertible(running.port)])
        let deadline = MonotonicClock.milliseconds() &+ gracePeriod.wholeMilliseconds
        for mailbox in running.mailboxes {
            mailbox.post(.beginShutdown(deadline: deadline))
        }
        for thread in running.threads {
            PosixThread.join(thread)
        }
        running.pool.shutdown(deadline: deadline &* 1_000_000)
        lifecycle.finishStopping()
        logger.info("server stopped", metadata: ["http.port": .stringConvertible(running.port)])
    }

    /// Blocks until the server has stopped (returns at once if it never started).
    public func waitUntilStopped() {
        lifecycle.waitUntilStopped()
    }

    private func launch() throws(HTTPServerError) -> Lifecycle.Running {
        ProcessSetup.once()
        let loopCount = max(1, configuration.eventLoopCount)
        let group = try ListeningSocket.openGroup(
            host: configuration.host, port: configuration.port, count: loopCount, backlog: configuration.listenBacklog)
        let pool = HandlerPool(threadCount: configuration.handlerThreads, capacity: configuration.handlerQueueCapacity)
        var mailboxes: [EventLoopMailbox] = []
        for _ in group.sockets { mailboxes.append(try EventLoopMailbox()) }
        let context = ServerContext(
            configuration: configuration, logger: logger, pool: pool, mailboxes: mailboxes)
        var loops: [EventLoop] = []
        for (index, listener) in group.sockets.enumerated() {
            loops.append(
                try EventLoop(
                    index: index, context: context, router: makeRouter(), mailbox: mailboxes[index], listener: listener))
        }
        try pool.start()
        var threads: [pthread_t] = []
        for loop in loops {
            do {
                threads.append(try PosixThread.spawn(name: "http-loop-\(loop.index)", detached: false) { loop.run() })
            } catch {
                // Stop the loops already running before giving up.
                for started in loops.prefix(threads.count) { started.mailbox.post(.beginShutdown(deadline: 0)) }
                threads.forEach(PosixThread.join)
                pool.shutdown(deadline: 0)
                throw error
            }
        }
        return Lifecycle.Running(port: group.port, threads: threads, mailboxes: loops.map(\.mailbox), pool: pool)
    }
}
