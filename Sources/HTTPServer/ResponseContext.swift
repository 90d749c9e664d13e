/// What the server needs to finish one response: who asked, how to frame it, what to log.
struct ResponseContext {
    /// The id echoed in `X-Request-Id`.
    let requestID: String
    /// The request method, or `-`.
    let method: String
    /// The raw path without query, or `-`.
    let path: String
    /// The matched pattern, or `unmatched`.
    let route: String
    /// Whether the body must be left out (HEAD).
    let isHead: Bool
    /// Whether the connection may stay open after this response.
    let keepAlive: Bool
    /// The request's protocol version.
    let version: HTTPVersion
    /// When the request was complete (monotonic ns).
    let startNanos: UInt64
}
