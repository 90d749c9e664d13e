/// A request whose Standard Webhooks signature was accepted.
public struct VerifiedWebhook: Sendable, Equatable {
    /// The `webhook-id` header: the idempotency key of the request.
    public let id: String
    /// The `webhook-timestamp` header, in unix seconds.
    public let timestamp: Int64
    /// Key id of the secret whose signature matched (non-secret, safe to log).
    public let kid: String

    /// Creates a verified-request record.
    public init(id: String, timestamp: Int64, kid: String) {
        self.id = id
        self.timestamp = timestamp
        self.kid = kid
    }
}
