/// A route that matched a request: the handler (middleware applied), where it runs, and what it captured.
public struct RouteMatch: Sendable {
    /// The pattern as registered, e.g. `/jobs/{name}`: a low-cardinality label for metrics.
    public let pattern: String
    /// Where the handler runs.
    public let mode: HandlerMode
    /// The captured `{name}` values, percent-decoded.
    public let parameters: RouteParameters
    /// The check run on the event loop before the handler, if the route has one.
    public let gate: HTTPGate?
    /// The handler with every middleware applied.
    public let handler: HTTPHandler
}
