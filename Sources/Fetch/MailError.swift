/// Why a message could not be built or sent, or why SMTP settings are invalid.
/// `description` is safe to show anyone (no addresses, server text or secrets); `debugDescription` has detail.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// A header or body cannot be rendered safely (reason names the field, never its value).
    case invalidMessage(String)
    /// An address is malformed or contains a line break.
    case invalidAddress(String)
    /// An environment variable has a bad value; `name` is the variable.
    case invalidSetting(name: String, reason: String)
    /// The SMTP server could not be reached.
    case connectionFailed(String)
    /// The connection broke (or the server closed it with 421) during the exchange.
    case connectionLost(String)
    /// `EMAIL_TIMEOUT` was reached.
    case timedOut(String)
    /// STARTTLS was required but failed or was not offered, or the certificate was not trusted.
    case tlsFailed(String)
    /// The server refused the login.
    case authenticationFailed(String)
    /// The server answered with a 4xx/5xx reply (sender, recipient or data refused).
    case rejected(code: Int, detail: String)
    /// Any other failure of the mail transfer.
    case sendFailed(String)
    /// The batch was cancelled before this message was tried.
    case cancelled

    /// Short, client-safe text.
    public var description: String {
        switch self {
        case .invalidMessage(let reason): "invalid e-mail message: \(reason)"
        case .invalidAddress: "invalid e-mail address"
        case .invalidSetting(let name, let reason): "invalid \(name): \(reason)"
        case .connectionFailed: "SMTP connection failed"
        case .connectionLost: "SMTP connection lost"
        case .timedOut: "SMTP timed out"
        case .tlsFailed: "SMTP TLS failed"
        case .authenticationFailed: "SMTP authentication failed"
        case .rejected(let code, _): "rejected by SMTP server (\(code))"
        case .sendFailed: "SMTP send failed"
        case .cancelled: "cancelled"
        }
    }

    /// Description plus curl's or the validator's detail, for logs.
    public var debugDescription: String {
        switch self {
        case .invalidMessage, .invalidSetting, .cancelled: description
        case .invalidAddress(let detail), .connectionFailed(let detail), .connectionLost(let detail),
            .timedOut(let detail), .tlsFailed(let detail), .authenticationFailed(let detail),
            .rejected(_, let detail), .sendFailed(let detail):
            "\(description): \(detail)"
        }
    }

    /// The server is unreachable or unusable for every message, not just this one.
    var isServerWide: Bool {
        switch self {
        case .connectionFailed, .timedOut, .tlsFailed, .authenticationFailed: true
        default: false
        }
    }
}
