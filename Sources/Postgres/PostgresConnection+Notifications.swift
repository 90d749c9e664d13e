internal import CLibpq
import Glibc

extension PostgresConnection {
    /// Starts listening on `channel` (case-sensitive, quoted as an identifier).
    public func listen(_ channel: String) throws(PostgresError) {
        try query("LISTEN \(identifier: channel)")
        isListening = true
    }

    /// Stops listening on `channel`.
    public func unlisten(_ channel: String) throws(PostgresError) {
        try query("UNLISTEN \(identifier: channel)")
    }

    /// Stops listening on every channel and drops notifications already received.
    public func unlistenAll() throws(PostgresError) {
        try query("UNLISTEN *")
        isListening = false
        _ = try drainNotifications()
    }

    /// Sends a notification (`pg_notify`); inside a transaction it is delivered on COMMIT.
    public func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        try query("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Waits up to `timeout` for notifications and returns all that arrived; an empty array when
    /// none came in time. Notifications received during earlier statements are returned at once.
    public func waitForNotifications(timeout: Duration) throws(PostgresError) -> [PostgresNotification] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var received = try drainNotifications()
        while received.isEmpty {
            let open = try liveHandle()
            let socket = PQsocket(open)
            guard socket >= 0 else {
                throw PostgresError(.connectionLost, message: "PQsocket: no server connection")
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { return [] }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = try PostgresSystemCall.retryingEINTR("poll") {
                poll(&descriptor, 1, Self.pollTimeout(remaining))
            }
            if ready == 0 { continue }
            guard PQconsumeInput(open) == 1 else {
                throw PostgresError(.connectionLost, message: Self.clean(PQerrorMessage(open)))
            }
            guard isHealthy else {
                throw PostgresError(.connectionLost, message: "the server ended the session")
            }
            received = try drainNotifications()
        }
        return received
    }

    /// Takes every notification libpq has queued.
    func drainNotifications() throws(PostgresError) -> [PostgresNotification] {
        let open = try liveHandle()
        var received: [PostgresNotification] = []
        while let notification = PQnotifies(open) {
            let value = notification.pointee
            received.append(
                PostgresNotification(
                    channel: String(cString: value.relname), payload: value.extra.map { String(cString: $0) } ?? "",
                    backendPID: value.be_pid))
            PQfreemem(notification)
        }
        return received
    }

    /// True when the server side is still there: reads anything pending without blocking (a
    /// terminated backend's goodbye marks the connection bad). Used by the pool before reuse.
    func probeAlive() -> Bool {
        guard isHealthy, let open = handle else { return false }
        let socket = PQsocket(open)
        guard socket >= 0 else { return false }
        // A terminated backend sends a FATAL message (seen by the notice sink), then closes the
        // socket a little later: either marks the connection unusable.
        for _ in 0..<4 {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard let ready = try? PostgresSystemCall.retryingEINTR("poll", { poll(&descriptor, 1, 0) }) else {
                return false
            }
            if ready == 0 { return isHealthy }
            guard PQconsumeInput(open) == 1 else { return false }
            // PQconsumeInput only buffers; PQisBusy parses, which hands a FATAL to the notice sink.
            _ = PQisBusy(open)
            guard isHealthy else { return false }
        }
        return isHealthy
    }

    /// Milliseconds for poll(), rounded up so a short remainder does not spin.
    private static func pollTimeout(_ duration: Duration) -> Int32 {
        Int32(clamping: milliseconds(duration))
    }
}
