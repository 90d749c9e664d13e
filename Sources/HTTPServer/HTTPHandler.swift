/// A request handler: a plain function from request to response.
public typealias HTTPHandler = @Sendable (HTTPRequest) -> HTTPResponse

/// A wrapper around a handler (auth, metrics, headers): call `next` to continue, or answer directly.
public typealias HTTPMiddleware = @Sendable (_ request: HTTPRequest, _ next: HTTPHandler) -> HTTPResponse
