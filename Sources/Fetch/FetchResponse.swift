/// A successful (2xx) response.
public struct FetchResponse: Sendable {
    /// HTTP status code of the final response.
    public let status: Int
    /// Headers of the final response; names lower-cased, repeated headers joined with ", ".
    public let headers: [String: String]
    /// The decoded body.
    public let body: [UInt8]
    /// The URL after redirects.
    public let effectiveURL: String
    /// Number of attempts made, 1 when the first one succeeded.
    public let attempts: Int

    /// Creates a response value.
    public init(status: Int, headers: [String: String], body: [UInt8], effectiveURL: String, attempts: Int) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
        self.attempts = attempts
    }
}
