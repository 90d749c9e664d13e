/// A route that matched a request: the handler (middleware applied), where it runs, and what it captured.
public struct RouteMatch: Sendable {
    let target: RouteTarget
    /// The captured `{name}` values, percent-decoded.
    public let parameters: RouteParameters

    init(target: RouteTarget, parameters: RouteParameters) {
        self.target = target
        self.parameters = parameters
    }

    /// The pattern as registered, e.g. `/jobs/{name}`: a low-cardinality label for metrics.
    public var pattern: String { target.pattern }
    /// Where the handler runs.
    public var mode: HandlerMode { target.mode }
    /// The check run on the event loop before the handler, if the route has one.
    public var gate: HTTPGate? { target.gate }
    /// The handler with every middleware applied.
    public var handler: HTTPHandler { target.handler }
}

/// One method of one route, as the server runs it. A class, so that a request that matches it carries
/// one reference rather than copies of the pattern and both closures.
final class RouteTarget: Sendable {
    let pattern: String
    let mode: HandlerMode
    let gate: HTTPGate?
    let handler: HTTPHandler

    init(pattern: String, mode: HandlerMode, gate: HTTPGate?, handler: @escaping HTTPHandler) {
        self.pattern = pattern
        self.mode = mode
        self.gate = gate
        self.handler = handler
    }
}
