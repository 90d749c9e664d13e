/// What the server reports to `HTTPServerConfiguration.onResponse` for every response it sends.
public struct HTTPAccessRecord: Sendable {
    /// The matched route pattern (e.g. `/jobs/{name}`), or `unmatched` (404, parse errors, timeouts, 503 at the connection cap).
    public let route: String
    /// The request method, or `-` when no request head was parsed.
    public let method: String
    /// The status code sent.
    public let status: Int
    /// Seconds from the complete request to the queued response.
    public let durationSeconds: Double
    /// The request id echoed in `X-Request-Id`.
    public let requestID: String
    /// Body bytes sent (0 for HEAD).
    public let bodyBytes: Int

    /// Creates a record (the server does; tests of an observer may too).
    public init(route: String, method: String, status: Int, durationSeconds: Double, requestID: String, bodyBytes: Int) {
        self.route = route
        self.method = method
        self.status = status
        self.durationSeconds = durationSeconds
        self.requestID = requestID
        self.bodyBytes = bodyBytes
    }
}
