/// The request line and header fields of one request, as parsed.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, e.g. `GET` (case-sensitive, as sent).
    public var method: String
    /// The raw request target (origin-form: path plus optional `?query`), not percent-decoded.
    public var target: String
    /// The protocol version of the request.
    public var version: HTTPVersion
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// Whether the connection may carry another request after this one
    /// (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
    public var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` and waits before sending its body.
    public var expectsContinue: Bool

    /// Creates a head, deriving `keepAlive` and `expectsContinue` from the headers.
    public init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        let close = headers.containsToken("close", in: "Connection")
        let keep = headers.containsToken("keep-alive", in: "Connection")
        keepAlive = version == .http1_1 ? !close : (keep && !close)
        expectsContinue = headers.containsToken("100-continue", in: "Expect")
    }

    /// A head whose connection flags the parser already worked out.
    init(
        method: String, target: String, version: HTTPVersion, headers: HTTPHeaders,
        keepAlive: Bool, expectsContinue: Bool
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}
