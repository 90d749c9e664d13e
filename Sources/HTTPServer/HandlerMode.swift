/// Where a route's handler runs.
public enum HandlerMode: Sendable, Equatable {
    /// On the connection's event loop: only for handlers that never block (no database, no sleep).
    case inline
    /// On the bounded handler thread pool; the response goes back to the event loop in order.
    case blocking
}
