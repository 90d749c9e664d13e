import CSystem
import Glibc

extension EventLoop {
    /// Decides what a connection does next after any event: wait, linger, close, or resume reading.
    func settle(_ connection: Connection) {
        guard connection.isOpen else { return }
        if connection.failed {
            close(connection)
            return
        }
        if connection.hasPendingOutput { return }
        if connection.lingering {
            if connection.peerClosed { close(connection) }
            return
        }
        if connection.closeAfterFlush {
            startLinger(connection)
            return
        }
        if connection.peerClosed {
            // Nothing more can arrive; answer what is in flight, then close.
            if connection.pipeline.isEmpty { close(connection) }
            return
        }
        if draining && connection.isIdle {
            close(connection)
            return
        }
        if connection.readPaused && !connection.writeBlocked
            && connection.pipeline.count < context.maxPipelinedRequests
        {
            connection.readPaused = false
            processInbound(connection)
            flush(connection)
            if !connection.readPaused { readAvailable(connection, toEnd: true) }
            settle(connection)
        }
    }

    // Half-close, then drain the client's unread bytes, so our last response is not lost to a
    // reset the kernel would send if we closed with unread input.
    private func startLinger(_ connection: Connection) {
        connection.lingering = true
        connection.lingerDeadline = now &+ context.lingerTimeout
        connection.inbound = []
        _ = shutdown(connection.fd, Int32(SHUT_WR))
        readAvailable(connection, toEnd: true)
        if connection.peerClosed || connection.failed { close(connection) }
    }

    /// Enforces the linger, write, header, body and idle timeouts of one connection.
    func checkDeadlines(_ connection: Connection) {
        if connection.lingering {
            if now >= connection.lingerDeadline { close(connection) }
            return
        }
        if connection.hasPendingOutput {
            if now &- connection.lastWriteProgress >= context.writeTimeout { close(connection) }
            return
        }
        guard connection.acceptingRequests else { return }
        if connection.requestStart != 0 {
            if connection.headCompletedAt != 0 {
                if now &- connection.headCompletedAt >= context.bodyTimeout { timeOut(connection) }
            } else if now &- connection.requestStart >= context.headerTimeout {
                // A connection that never sent a byte is closed without a word.
                if connection.requestHasBytes { timeOut(connection) } else { close(connection) }
            }
            return
        }
        if connection.pipeline.isEmpty && now &- connection.lastActivity >= context.idleTimeout {
            close(connection)
        }
    }

    private func timeOut(_ connection: Connection) {
        let method = connection.parser.pendingHead?.method
        connection.parser.reset()
        connection.requestHasBytes = false
        reject(connection, status: 408, reason: "request not received in time", method: method)
        flush(connection)
        settle(connection)
    }
}
