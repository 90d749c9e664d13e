import Glibc

/// A request as handlers see it.
public struct HTTPRequest: Sendable {
    /// The method token, e.g. `GET`.
    public var method: String
    /// The raw path of the target, without the query, not percent-decoded.
    public var path: String
    /// The raw query string after `?` (empty when there is none), not decoded.
    public var query: String
    /// The protocol version of the request.
    public var version: HTTPVersion
    /// The header fields, in order, names compared case-insensitively.
    public var headers: HTTPHeaders
    /// The body, decoded from chunks if it was sent chunked.
    public var body: [UInt8]
    /// The request id: the client's valid `X-Request-Id`, else a generated one.
    public var requestID: String
    /// The peer as `address:port` (`[address]:port` for IPv6).
    public var remoteAddress: String
    /// Values captured by `{name}` segments of the matched route, percent-decoded.
    public var parameters: RouteParameters
    /// Values a route's gate attached for its handler (e.g. who was authenticated).
    public var attributes: [String: String] = [:]

    /// Creates a request from a raw target such as `/jobs/x?wait=5` (for in-process tests and tools).
    public init(
        method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [], requestID: String = "", remoteAddress: String = ""
    ) {
        self.method = method
        (path, query) = Self.split(target)
        self.version = version
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.remoteAddress = remoteAddress
        parameters = RouteParameters()
    }

    /// The request the server hands to handlers.
    init(head: consuming HTTPRequestHead, body: consuming [UInt8], requestID: String, remoteAddress: String) {
        self.init(
            method: head.method, target: head.target, version: head.version, headers: head.headers,
            body: body, requestID: requestID, remoteAddress: remoteAddress)
    }

    private static func split(_ target: String) -> (path: String, query: String) {
        // Most targets have no query: one scan of the contiguous bytes, and the target is the path.
        let hasQuery = target.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "?")), bytes.count) != nil } ?? false
        }
        if hasQuery == false { return (target, "") }
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, "") }
        let path = String(target[..<mark])
        let query = String(target[target.utf8.index(after: mark)...])
        return (path, query)
    }
}
