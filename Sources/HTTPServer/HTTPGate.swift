/// A cheap check run on the event loop before a `.blocking` handler: it either answers the request itself
/// (a refusal, a validation error) or lets it through, possibly with `attributes` added, to the handler
/// pool. Rejected requests then never pay for a thread hop. It must not block.
public typealias HTTPGate = @Sendable (HTTPRequest) -> HTTPGateResult

/// What a gate decided.
public enum HTTPGateResult: Sendable {
    /// Answer now with this response; the handler does not run.
    case respond(HTTPResponse)
    /// Run the handler with this request.
    case proceed(HTTPRequest)
}
