import Fetch

/// Something that delivers e-mail; `SMTPMailer` in production, a failing stand-in when mail is not configured.
protocol MailTransport: Sendable {
    /// Sends the messages (in parallel where possible); result `i` belongs to message `i`.
    /// Once `shouldCancel` returns true the remaining messages fail without being tried.
    func sendAll(_ messages: [MailMessage], shouldCancel: @escaping @Sendable () -> Bool) -> [Result<Void, MailError>]
}

/// The production transport: a pool of reused SMTP connections.
struct SMTPTransport: MailTransport {
    /// The pooled mailer.
    let mailer: SMTPMailer

    /// Sends over the pool.
    func sendAll(_ messages: [MailMessage], shouldCancel: @escaping @Sendable () -> Bool) -> [Result<Void, MailError>] {
        mailer.sendAll(messages, shouldCancel: shouldCancel)
    }
}

/// The transport used when `EMAIL_HOST` is not set: every send fails, naming the variable.
struct UnconfiguredMailTransport: MailTransport {
    /// The error every send returns.
    static let error = MailError.sendFailed("EMAIL_HOST is not set")

    /// Fails every message without trying.
    func sendAll(_ messages: [MailMessage], shouldCancel: @escaping @Sendable () -> Bool) -> [Result<Void, MailError>] {
        messages.map { _ in .failure(Self.error) }
    }
}

/// How the jobs reach mail: the transport, the sender address and whether mail is configured at all.
struct MailContext: Sendable {
    /// The transport.
    let transport: any MailTransport
    /// `DEFAULT_FROM_EMAIL`.
    let from: String
    /// False when `EMAIL_HOST` is unset: sends fail and the run ends with a `CommandError`.
    let configured: Bool
}
