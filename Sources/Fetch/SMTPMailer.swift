import Dispatch
import Logging
import Synchronization

/// Sends mail over a pool of long-lived SMTP connections (`SMTPSettings.connections`).
/// `send` blocks and may be called from many threads; each call takes a free connection.
public final class SMTPMailer: Sendable {
    /// The settings in use.
    public let settings: SMTPSettings
    private let logger: Logger
    private let idle = Mutex<[SMTPConnection]>([])
    private let slots: DispatchSemaphore

    /// Creates the pool; connections open lazily on first use.
    public init(settings: SMTPSettings, logger: Logger) {
        Curl.globalInit()
        self.settings = settings
        self.logger = logger
        slots = DispatchSemaphore(value: max(1, settings.connections))
    }

    /// Sends one message; returns only when the server accepted it. A broken connection is replaced
    /// and the message retried once on a fresh one.
    public func send(_ message: MailMessage) throws(MailError) {
        let envelope = try message.envelope()
        let payload = try message.render()
        slots.wait()
        defer { slots.signal() }
        let connection = try checkout()
        defer { checkin(connection) }
        do {
            try connection.send(from: envelope.from, recipients: envelope.recipients, payload: payload)
        } catch {
            guard case .connectionLost = error else { throw logged(error, message) }
            logger.notice("smtp connection lost, retrying on a new one", metadata: ["mail.error": "\(error.debugDescription)"])
            do {
                try connection.reconnect()
                try connection.send(from: envelope.from, recipients: envelope.recipients, payload: payload)
            } catch {
                throw logged(error, message)
            }
        }
        logger.debug("mail sent", metadata: ["mail.message_id": "\(message.messageID)"])
    }

    /// Sends many messages in parallel over the pool; result `i` belongs to message `i`.
    /// After `batchFailureLimit` server-wide failures in a row (server down, login refused)
    /// the remaining messages fail with that error without being tried; once `shouldCancel`
    /// returns true the remaining ones fail with `.cancelled`.
    public func sendAll(
        _ messages: [MailMessage],
        shouldCancel: (@Sendable () -> Bool)? = nil
    ) -> [Result<Void, MailError>] {
        let batch = Batch(count: messages.count)
        let limit = max(1, settings.batchFailureLimit)
        ThreadGroup.run(count: min(max(1, settings.connections), messages.count)) { [self] _ in
            while true {
                let index = batch.next.add(1, ordering: .relaxed).oldValue
                guard index < messages.count else { return }
                let result: Result<Void, MailError>
                if let abort = batch.abortError.withLock({ $0 }) {
                    result = .failure(abort)
                } else if let shouldCancel, shouldCancel() {
                    result = .failure(.cancelled)
                } else {
                    do throws(MailError) {
                        try send(messages[index])
                        result = .success(())
                        batch.serverFailures.store(0, ordering: .relaxed)
                    } catch {
                        result = .failure(error)
                        if error.isServerWide, batch.serverFailures.add(1, ordering: .relaxed).newValue >= limit {
                            let first = batch.abortError.withLock { abort -> Bool in
                                defer { abort = abort ?? error }
                                return abort == nil
                            }
                            if first {
                                logger.error("smtp unusable, failing the rest of the batch", metadata: [
                                    "mail.error": "\(error.debugDescription)",
                                    "mail.batch_size": "\(messages.count)",
                                ])
                            }
                        }
                    }
                }
                batch.results.withLock { $0[index] = result }
            }
        }
        return batch.results.withLock { $0.map { $0 ?? .failure(.sendFailed("not attempted")) } }
    }

    /// Closes idle connections (curl sends QUIT); later sends open new ones.
    public func closeIdleConnections() {
        let closing = idle.withLock { connections -> [SMTPConnection] in
            let all = connections
            connections.removeAll()
            return all
        }
        // Released here, outside the lock, because cleanup talks to the server.
        withExtendedLifetime(closing) {}
    }

    private func checkout() throws(MailError) -> SMTPConnection {
        if let connection = idle.withLock({ $0.popLast() }) { return connection }
        return try SMTPConnection(settings: settings)
    }

    private func checkin(_ connection: SMTPConnection) {
        idle.withLock { $0.append(connection) }
    }

    private func logged(_ error: MailError, _ message: MailMessage) -> MailError {
        logger.warning("mail not sent", metadata: [
            "mail.message_id": "\(message.messageID)",
            "mail.error": "\(error.debugDescription)",
        ])
        return error
    }

    /// Shared state of one `sendAll` call.
    private final class Batch: Sendable {
        let next = Atomic<Int>(0)
        let serverFailures = Atomic<Int>(0)
        let abortError = Mutex<MailError?>(nil)
        let results: Mutex<[Result<Void, MailError>?]>

        init(count: Int) {
            results = Mutex(Array(repeating: nil, count: count))
        }
    }
}
