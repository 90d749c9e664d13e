/// A route that matched a request: the handler (middleware applied), where it runs, and what it captured.
public struct RouteMatch: Sendable {
    /// The pattern as registered, e.g. `/jobs/{name}`: a low-cardinality label for metrics.
    public let pattern: String
    /// Where the handler runs.
    public let mode: HandlerMode
    /// The captured `{name}` values, percent-decoded.
    public let parameters: [String: String]
    /// The handler with every middleware applied.
    public let handler: HTTPHandler
}

/// The outcome of looking a request up in the router.
public enum RouteResolution: Sendable {
    /// A handler to run.
    case matched(RouteMatch)
    /// No handler: a 404, or a 405 with `Allow` (then `pattern` names the path's route).
    case unmatched(HTTPResponse, pattern: String?)
}
