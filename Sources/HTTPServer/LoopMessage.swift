/// A message for an event loop from another thread.
enum LoopMessage: Sendable {
    /// A `.blocking` handler finished: its response for slot `slot` of connection `connectionID` on `fd`.
    case handlerResult(fd: Int32, connectionID: UInt64, slot: UInt64, response: HTTPResponse)
    /// A connection another loop accepted, handed over so that the loops share connections evenly.
    case adopt(fd: Int32, peer: String)
    /// Stop accepting, finish in-flight requests, and exit by `deadline` (monotonic milliseconds).
    case beginShutdown(deadline: UInt64)
}
