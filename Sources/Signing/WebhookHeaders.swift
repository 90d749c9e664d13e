/// The three Standard Webhooks request headers of one signed message.
public struct WebhookHeaders: Sendable, Equatable {
    /// Header name of the message id.
    public static let idName = "webhook-id"
    /// Header name of the unix timestamp.
    public static let timestampName = "webhook-timestamp"
    /// Header name of the signature list.
    public static let signatureName = "webhook-signature"

    /// Value of `webhook-id`.
    public let id: String
    /// Value of `webhook-timestamp`.
    public let timestamp: String
    /// Value of `webhook-signature` (`v1,<base64>`).
    public let signature: String

    /// Creates the header set from its three values.
    public init(id: String, timestamp: String, signature: String) {
        self.id = id
        self.timestamp = timestamp
        self.signature = signature
    }

    /// The headers as (name, value) pairs in a fixed order.
    public var fields: [(name: String, value: String)] {
        [(Self.idName, id), (Self.timestampName, timestamp), (Self.signatureName, signature)]
    }
}
