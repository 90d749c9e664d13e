/// How to reach the SMTP server; CheckTick's `EMAIL_*` variables plus `JOBS_SMTP_CONNECTIONS`.
public struct SMTPSettings: Sendable, CustomStringConvertible {
    /// `EMAIL_HOST`.
    public var host: String
    /// `EMAIL_PORT`.
    public var port: Int
    /// `EMAIL_USE_TLS`: STARTTLS is required (the send fails rather than going out in clear text).
    public var requireTLS: Bool
    /// `EMAIL_HOST_USER`; empty means no login.
    public var username: String
    /// `EMAIL_HOST_PASSWORD`; never logged (`description` redacts it).
    public var password: String
    /// `EMAIL_TIMEOUT`: limit for connecting, for each server reply and for each message.
    public var timeout: Duration
    /// `DEFAULT_FROM_EMAIL`.
    public var defaultFrom: String
    /// `JOBS_SMTP_CONNECTIONS`: pooled connections, each reused for many messages.
    public var connections: Int
    /// In `SMTPMailer.sendAll`, after this many server-wide failures in a row the rest fail without trying.
    public var batchFailureLimit: Int

    /// Creates settings; the defaults are CheckTick's.
    public init(
        host: String = "smtp.mailgun.org",
        port: Int = 587,
        requireTLS: Bool = true,
        username: String = "",
        password: String = "",
        timeout: Duration = .seconds(10),
        defaultFrom: String = "no-reply@example.com",
        connections: Int = 4,
        batchFailureLimit: Int = 3
    ) {
        self.host = host
        self.port = port
        self.requireTLS = requireTLS
        self.username = username
        self.password = password
        self.timeout = timeout
        self.defaultFrom = defaultFrom
        self.connections = connections
        self.batchFailureLimit = batchFailureLimit
    }

    /// The curl URL of the server; the path is the EHLO name.
    func url(ehloName: String) -> String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "smtp://\(hostPart):\(port)/\(ehloName)"
    }

    /// Settings for logs, password redacted.
    public var description: String {
        "SMTPSettings(host: \(host), port: \(port), requireTLS: \(requireTLS), username: \(username), "
            + "password: \(password.isEmpty ? "<empty>" : "<redacted>"), timeout: \(timeout), "
            + "defaultFrom: \(defaultFrom), connections: \(connections))"
    }
}
