/// A cheap check run on the event loop before a `.blocking` handler: it either answers the request itself
/// (a refusal, a validation error), lets it through, possibly with `attributes` added, to the handler
/// pool, or takes the request over and answers later from another thread. Rejected requests then never
/// pay for a thread hop. It must not block.
public typealias HTTPGate = @Sendable (HTTPRequest) -> HTTPGateResult

/// What a gate decided.
public enum HTTPGateResult: Sendable {
    /// Answer now with this response; the handler does not run.
    case respond(HTTPResponse)
    /// Run the handler with this request.
    case proceed(HTTPRequest)
    /// The gate handed the request to work of its own (a batch, a queue): the closure runs at once on the
    /// event loop, must not block, and must call the responder exactly once, from any thread. The
    /// connection keeps its place in line meanwhile; the handler does not run.
    case deferred(@Sendable (HTTPResponder) -> Void)
}

/// Delivers the answer of a deferred request from any thread; call it exactly once.
public struct HTTPResponder: Sendable {
    private let deliver: @Sendable (HTTPResponse) -> Void

    /// A responder that hands its response to `deliver`.
    public init(_ deliver: @escaping @Sendable (HTTPResponse) -> Void) {
        self.deliver = deliver
    }

    /// Sends `response` to the waiting client.
    public func respond(_ response: HTTPResponse) {
        deliver(response)
    }
}
