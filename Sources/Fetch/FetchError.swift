/// Why a fetch failed. `description` is safe to show anyone; `debugDescription` carries curl's text.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The URL (or a redirect target) is not http or https; no request was made for a non-http(s) URL.
    case unsupportedScheme(String)
    /// The URL or a header cannot be sent as given.
    case invalidRequest(String)
    /// DNS, TCP, TLS handshake or the connection broke mid-transfer.
    case connectionFailed(String)
    /// A connect or total time limit was reached.
    case timedOut(String)
    /// The final response was not 2xx (after any retries).
    case httpStatus(Int)
    /// The body exceeded `FetchOptions.maxResponseBytes`.
    case responseTooLarge(limit: Int)
    /// More redirects than `FetchOptions.maxRedirects`.
    case tooManyRedirects(String)
    /// Certificate verification or another TLS error.
    case tlsFailed(String)
    /// `FetchOptions.shouldCancel` asked to stop.
    case cancelled
    /// Any other libcurl failure.
    case transferFailed(String)

    /// Short text without curl, OS or secret detail.
    public var description: String {
        switch self {
        case .unsupportedScheme: "unsupported URL scheme"
        case .invalidRequest: "invalid request"
        case .connectionFailed: "connection failed"
        case .timedOut: "timed out"
        case .httpStatus(let code): "HTTP \(code)"
        case .responseTooLarge: "response too large"
        case .tooManyRedirects: "too many redirects"
        case .tlsFailed: "TLS failed"
        case .cancelled: "cancelled"
        case .transferFailed: "transfer failed"
        }
    }

    /// Description plus the underlying detail, for logs.
    public var debugDescription: String {
        switch self {
        case .unsupportedScheme(let detail), .invalidRequest(let detail), .connectionFailed(let detail),
            .timedOut(let detail), .tooManyRedirects(let detail), .tlsFailed(let detail),
            .transferFailed(let detail):
            "\(description): \(detail)"
        case .responseTooLarge(let limit): "\(description): more than \(limit) bytes"
        case .httpStatus, .cancelled: description
        }
    }

    /// Whether another attempt may succeed (connection errors and timeouts; statuses are judged separately).
    var isTransient: Bool {
        switch self {
        case .connectionFailed, .timedOut: true
        default: false
        }
    }
}
