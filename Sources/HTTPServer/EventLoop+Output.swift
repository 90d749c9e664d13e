import CSystem
import Glibc
import Logging
import Threads

extension EventLoop {
    /// Queues a finished response: written now if nothing precedes it, else parked in its slot.
    func enqueue(_ connection: Connection, _ responseContext: ResponseContext, _ response: HTTPResponse) {
        if connection.pipeline.isEmpty {
            emit(connection, responseContext, response)
        } else {
            connection.pipeline.append(PipelineSlot(id: connection.nextSlot, context: responseContext, response: response))
            connection.nextSlot += 1
        }
    }

    /// Writes every response at the front of the pipeline that is ready, in request order.
    func drainPipeline(_ connection: Connection) {
        while let first = connection.pipeline.first, let response = first.response {
            connection.pipeline.removeFirst()
            emit(connection, first.context, response)
        }
        if connection.pipeline.isEmpty, let head = connection.parser.pendingHead {
            headArrived(connection, head)
        }
    }

    /// Serializes a response into the connection's output, then logs and reports it.
    private func emit(_ connection: Connection, _ responseContext: ResponseContext, _ response: HTTPResponse) {
        var close = !responseContext.keepAlive || response.headers.containsToken("close", in: "Connection")
        // While draining, the last response of a connection says it is the last.
        if draining && connection.pipeline.isEmpty && !connection.requestHasBytes { close = true }
        if close {
            connection.acceptingRequests = false
            connection.closeAfterFlush = true
            connection.pipeline.removeAll()
            connection.inbound = []
        }
        let bodyBytes = ResponseWriter.write(
            response, context: responseContext, close: close, dateLine: dateCache.headerLine,
            serverLine: serverHeaderLine, into: &connection.outbound)
        report(connection, responseContext, status: response.status, bodyBytes: bodyBytes)
    }

    private func report(_ connection: Connection, _ responseContext: ResponseContext, status: Int, bodyBytes: Int) {
        let elapsed = MonotonicClock.nanoseconds() &- responseContext.startNanos
        if let observer = onResponse {
            observer(
                HTTPAccessRecord(
                    route: responseContext.route, method: responseContext.method, status: status,
                    durationSeconds: Double(elapsed) / 1e9, requestID: responseContext.requestID, bodyBytes: bodyBytes))
        }
        guard context.logsAccess else { return }
        context.logger.info(
            "request",
            metadata: [
                "request.id": .string(responseContext.requestID),
                "http.method": .string(responseContext.method),
                "http.path": .string(responseContext.path),
                "http.status": .stringConvertible(status),
                "http.duration_ms": .string(Self.milliseconds(elapsed)),
                "http.bytes": .stringConvertible(bodyBytes),
                "net.peer": .string(connection.peer),
            ])
    }

    // Nanoseconds as milliseconds with three decimals, without Foundation's formatting.
    private static func milliseconds(_ nanoseconds: UInt64) -> String {
        let micros = nanoseconds / 1000
        let fraction = micros % 1000
        let padded = fraction < 10 ? "00\(fraction)" : (fraction < 100 ? "0\(fraction)" : "\(fraction)")
        return "\(micros / 1000).\(padded)"
    }

    /// Sends pending output until done or the socket is full (then EPOLLOUT resumes it).
    func flush(_ connection: Connection) {
        guard connection.isOpen, !connection.failed else { return }
        while connection.outboundOffset < connection.outbound.count {
            let offset = connection.outboundOffset
            let fd = connection.fd
            let result = connection.outbound.withUnsafeBytes { buffer in
                Result { () throws(HTTPServerError) -> Int in
                    try Syscall.run("send") {
                        send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                    }
                }
            }
            switch result {
            case .success(let sent):
                connection.outboundOffset += sent
                connection.lastWriteProgress = now
            case .failure(let error):
                if error.code == EAGAIN {
                    if !connection.writeBlocked {
                        connection.writeBlocked = true
                        connection.lastWriteProgress = now
                    }
                } else {
                    connection.failed = true
                }
                return
            }
        }
        // Keep a small buffer for the next response; give back a large one.
        if connection.outbound.capacity > 65_536 {
            connection.outbound = []
        } else {
            connection.outbound.removeAll(keepingCapacity: true)
        }
        connection.outboundOffset = 0
        connection.writeBlocked = false
        connection.lastActivity = now
    }
}
