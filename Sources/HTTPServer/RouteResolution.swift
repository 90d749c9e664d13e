/// The outcome of looking a request up in the router.
public enum RouteResolution: Sendable {
    /// A handler to run.
    case matched(RouteMatch)
    /// No handler: a 404, or a 405 with `Allow` (then `pattern` names the path's route).
    case unmatched(HTTPResponse, pattern: String?)
}
