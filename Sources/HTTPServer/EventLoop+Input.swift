import CSystem
import Glibc
import Threads

extension EventLoop {
    /// Reads until the socket is drained (edge-triggered), parsing and answering as bytes arrive.
    /// A short read means drained unless the peer hung up, when we read on to see EOF.
    func readAvailable(_ connection: Connection, toEnd: Bool) {
        while connection.isOpen && !connection.failed && !connection.peerClosed {
            if !connection.lingering && (connection.readPaused || !connection.acceptingRequests) { return }
            let buffer = readBuffer
            let received: Int
            do {
                received = try Syscall.run("recv") { recv(connection.fd, buffer.baseAddress, buffer.count, 0) }
            } catch {
                if error.code != EAGAIN { connection.failed = true }
                return
            }
            if received == 0 {
                connection.peerClosed = true
                return
            }
            connection.lastActivity = now
            if connection.lingering { continue }
            ingest(connection, UnsafeRawBufferPointer(rebasing: buffer[0..<received]))
            flush(connection)
            if received < buffer.count && !toEnd { return }
        }
    }

    /// Parses new bytes: straight from the read buffer when nothing is pending, else after the
    /// pending bytes; whatever is left of a request is kept for the next read.
    private func ingest(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) {
        if connection.inbound.isEmpty {
            let used = process(connection, bytes)
            if used < bytes.count && connection.acceptingRequests {
                connection.inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[used...]))
            }
        } else {
            connection.inbound.append(contentsOf: bytes)
            processInbound(connection)
        }
    }

    /// Parses the bytes kept on the connection (after backpressure ends, or with new bytes appended).
    func processInbound(_ connection: Connection) {
        guard !connection.inbound.isEmpty else { return }
        // Taken out so that parsing (which may reset the connection's buffers) never overlaps an access to it.
        var pending = connection.inbound
        connection.inbound = []
        let used = pending.withUnsafeBytes { process(connection, $0) }
        guard connection.acceptingRequests && used < pending.count else { return }
        pending.removeFirst(used)
        connection.inbound = pending
    }

    /// Parses and dispatches requests from `bytes`; returns how many bytes were used.
    private func process(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        while offset < bytes.count {
            guard connection.acceptingRequests else { return bytes.count }
            if connection.pipeline.count >= context.maxPipelinedRequests || connection.writeBlocked {
                connection.readPaused = true
                return offset
            }
            if !connection.requestHasBytes {
                connection.requestHasBytes = true
                if connection.requestStart == 0 { connection.requestStart = now }
            }
            let pendingMethod = connection.parser.pendingHead?.method
            switch connection.parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...])) {
            case .needMore:
                if let head = connection.parser.pendingHead { headArrived(connection, head) }
                return offset
            case .complete(let head, let body, let consumed):
                offset += consumed
                connection.requestStart = 0
                connection.requestHasBytes = false
                connection.headCompletedAt = 0
                connection.continueSent = false
                dispatch(connection, head, body)
            case .invalid(let status, let reason):
                reject(connection, status: status, reason: reason, method: pendingMethod)
                return bytes.count
            }
        }
        return offset
    }

    /// The head is complete and the body is still coming: start the body timer and, if the
    /// client waits for it and no earlier response is outstanding, send `100 Continue`.
    func headArrived(_ connection: Connection, _ head: HTTPRequestHead) {
        if connection.headCompletedAt == 0 { connection.headCompletedAt = now }
        guard head.expectsContinue, head.version == .http1_1, !connection.continueSent,
            connection.pipeline.isEmpty, connection.acceptingRequests
        else { return }
        connection.continueSent = true
        connection.outbound.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
    }

    private func dispatch(_ connection: Connection, _ head: consuming HTTPRequestHead, _ body: consuming [UInt8]) {
        let started = MonotonicClock.nanoseconds()
        connection.requestCount += 1
        let limit = context.maxRequestsPerConnection
        let keepAlive = head.keepAlive && !draining && (limit == 0 || connection.requestCount < limit)
        if !keepAlive { connection.acceptingRequests = false }
        let requestID = head.headers["X-Request-Id"].flatMap { RequestID.isValid($0) ? $0 : nil } ?? requestIDs.next()
        // The head and body move into the request (no copies of their strings and arrays).
        var request = HTTPRequest(head: head, body: body, requestID: requestID, remoteAddress: connection.peer)
        let outcome = router.route(method: request.method, path: request.path, parameters: &request.parameters)
        func responseContext(route: String) -> ResponseContext {
            ResponseContext(
                requestID: requestID, method: request.method, path: request.path, route: route,
                isHead: request.method == "HEAD", keepAlive: keepAlive, version: request.version, startNanos: started)
        }
        switch outcome {
        case .unmatched(let response, let pattern):
            enqueue(connection, responseContext(route: pattern ?? "unmatched"), response)
        case .target(let target):
            let responseContext = responseContext(route: target.pattern)
            if let gate = target.gate {
                switch gate(request) {
                case .respond(let response):
                    enqueue(connection, responseContext, response)
                    return
                case .proceed(let passed):
                    request = passed
                case .deferred(let start):
                    start(reserveSlot(connection, responseContext))
                    return
                }
            }
            switch target.mode {
            case .inline:
                enqueue(connection, responseContext, target.handler(request))
            case .blocking:
                submit(connection, responseContext, request, target.handler)
            }
        }
    }

    /// Keeps the request's place in the connection's line of responses; the responder fills it through
    /// the mailbox, from whichever thread finishes the work.
    private func reserveSlot(_ connection: Connection, _ responseContext: ResponseContext) -> HTTPResponder {
        let slot = connection.nextSlot
        connection.nextSlot += 1
        connection.pipeline.append(PipelineSlot(id: slot, context: responseContext, response: nil))
        let mailbox = self.mailbox
        let fd = connection.fd
        let connectionID = connection.id
        return HTTPResponder { response in
            mailbox.post(.handlerResult(fd: fd, connectionID: connectionID, slot: slot, response: response))
        }
    }

    // Hands a request to the pool; the response comes back through the mailbox into its slot.
    private func submit(_ connection: Connection, _ responseContext: ResponseContext, _ request: HTTPRequest, _ handler: @escaping HTTPHandler) {
        let responder = reserveSlot(connection, responseContext)
        let accepted = context.pool.submit {
            responder.respond(handler(request))
        }
        if !accepted {
            connection.pipeline[connection.pipeline.count - 1].response = .error(
                status: 503, code: "server_busy", message: "too many requests in progress; retry later",
                headers: ["Retry-After": "1"])
            drainPipeline(connection)
        }
    }

    /// Answers a request that cannot be served (parse error, timeout) and stops reading.
    func reject(_ connection: Connection, status: Int, reason: String, method: String?) {
        connection.acceptingRequests = false
        connection.inbound = []
        let responseContext = ResponseContext(
            requestID: requestIDs.next(), method: method ?? "-", path: "-", route: "unmatched", isHead: false,
            keepAlive: false, version: .http1_1, startNanos: MonotonicClock.nanoseconds())
        enqueue(connection, responseContext, .error(status: status, code: Self.errorCode(status), message: reason))
    }

    /// Answers a connection over `maxConnections` with 503 and closes it.
    func refuse(_ connection: Connection) {
        connection.acceptingRequests = false
        let responseContext = ResponseContext(
            requestID: requestIDs.next(), method: "-", path: "-", route: "unmatched", isHead: false,
            keepAlive: false, version: .http1_1, startNanos: MonotonicClock.nanoseconds())
        let response = HTTPResponse.error(
            status: 503, code: "too_many_connections", message: "the server has too many open connections; retry later",
            headers: ["Retry-After": "1"])
        enqueue(connection, responseContext, response)
        flush(connection)
        settle(connection)
    }

    private static func errorCode(_ status: Int) -> String {
        switch status {
        case 408: "request_timeout"
        case 413: "payload_too_large"
        case 431: "header_fields_too_large"
        case 501: "not_implemented"
        case 505: "http_version_not_supported"
        default: "bad_request"
        }
    }
}
