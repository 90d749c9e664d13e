/// The three-way answer of `HTTPRequestParser.parse`.
public enum HTTPParseResult: Sendable, Equatable {
    /// A whole request: its head, its decoded body, and how many bytes of the input it used.
    case complete(head: HTTPRequestHead, body: [UInt8], consumed: Int)
    /// The input ends inside a request; call again with more bytes.
    case needMore
    /// The request is malformed or over a limit: answer `status` and close the connection.
    case invalid(status: Int, reason: String)
}
