/// The one error type of the Postgres module.
///
/// `description` is safe to show a client; `debugDescription` carries the SQLSTATE, the server's
/// message and detail for logs. Neither ever contains a password.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, coarsely.
    public enum Kind: String, Sendable, Hashable {
        /// The connection string (DATABASE_URL) is missing or invalid.
        case invalidConfiguration
        /// A new connection could not be established.
        case connectionFailed
        /// An established connection broke while in use.
        case connectionLost
        /// The connection was already closed by this process.
        case connectionClosed
        /// The server rejected a statement (see `sqlState`).
        case queryFailed
        /// A statement was aborted through `PostgresConnection.cancel()`.
        case queryCanceled
        /// A statement ran past `statement_timeout` (SQLSTATE 57014 without a local cancel).
        case timeout
        /// A parameter could not be encoded (NUL byte, JSON encoding failed).
        case encoding
        /// A result value could not be decoded into the requested Swift type.
        case decoding
        /// No pooled connection became free within the checkout timeout.
        case poolExhausted
        /// The pool was closed.
        case poolClosed
        /// A migration list or migration run was invalid.
        case migration
    }

    /// What went wrong, coarsely.
    public let kind: Kind
    /// The five-character SQLSTATE reported by the server, if any.
    public let sqlState: String?
    /// The primary message (server message or this module's own text); not for clients.
    public let message: String
    /// The server's DETAIL line, if any; may contain data values, so not for clients.
    public let detail: String?
    /// The server's HINT line, if any.
    public let hint: String?
    /// The name of the violated constraint, if the server reported one.
    public let constraint: String?

    /// Creates an error; `message` must never contain a password.
    public init(
        _ kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    /// Text safe to show a client: no SQL, no server message, no secrets.
    public var description: String {
        switch kind {
        case .invalidConfiguration, .migration: return message
        case .connectionFailed, .connectionLost, .connectionClosed, .poolExhausted, .poolClosed:
            return "database unavailable"
        case .queryFailed, .encoding: return "database query failed"
        case .queryCanceled: return "database query canceled"
        case .timeout: return "database query timed out"
        case .decoding: return "database returned an unexpected value"
        }
    }

    /// Full detail for logs: kind, SQLSTATE, message, detail, hint and constraint.
    public var debugDescription: String {
        var text = "PostgresError.\(kind.rawValue)"
        if let sqlState { text += " SQLSTATE \(sqlState)" }
        text += ": \(message)"
        if let detail { text += " (detail: \(detail))" }
        if let hint { text += " (hint: \(hint))" }
        if let constraint { text += " (constraint: \(constraint))" }
        return text
    }
}
