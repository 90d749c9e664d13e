/// A response as handlers build it. The server adds `Date`, `Server`, `Content-Length`,
/// `X-Request-Id` and `Connection`, and ignores handler values for those.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields to send, in order.
    public var headers: HTTPHeaders
    /// The body (not sent for HEAD, 1xx, 204 and 304).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
