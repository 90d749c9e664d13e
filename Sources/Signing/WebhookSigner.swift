/// Produces Standard Webhooks signatures, byte-for-byte as the official libraries do.
public enum WebhookSigner {
    /// Returns `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`.
    public static func sign(secret: WebhookSecret, id: String, timestamp: Int64, body: [UInt8]) -> String {
        "v1," + Base64.encode(mac(secret: secret, id: id, timestamp: String(timestamp), body: body))
    }

    /// Returns the three request headers for a message signed with `secret`.
    public static func headers(secret: WebhookSecret, id: String, timestamp: Int64, body: [UInt8]) -> WebhookHeaders {
        WebhookHeaders(id: id, timestamp: String(timestamp),
                       signature: sign(secret: secret, id: id, timestamp: timestamp, body: body))
    }

    /// A new random message id, `msg_` followed by 22 base64url characters (128 random bits).
    public static func makeMessageID() throws(SigningError) -> String {
        "msg_" + Base64URL.encode(try SecureRandom.bytes(16))
    }

    /// HMAC-SHA256 over the signed content `"{id}.{timestamp}.{body}"`, with the header texts as given.
    static func mac(secret: WebhookSecret, id: String, timestamp: String, body: [UInt8]) -> [UInt8] {
        secret.hmac.finish(signedContent(secret: secret, id: id, timestamp: timestamp, body: body))
    }

    /// The signed content fed to `secret`'s HMAC, not yet finished.
    static func signedContent(secret: WebhookSecret, id: String, timestamp: String, body: [UInt8]) -> HMACKey.Message {
        var message = secret.hmac.start()
        let dot = UInt8(ascii: ".")
        message.update(id)
        withUnsafeBytes(of: dot) { message.update($0) }
        message.update(timestamp)
        withUnsafeBytes(of: dot) { message.update($0) }
        message.update(body)
        return message
    }

}
