/// Verifies Standard Webhooks requests (standardwebhooks.com) against a keyring.
///
/// Order of checks: headers present → size limits → timestamp format and tolerance → signatures.
/// The timestamp is checked before any HMAC, as the official libraries do, so a stale request is
/// `timestampOutOfTolerance` whatever its signature.
public struct WebhookVerifier: Sendable {
    /// Default allowed clock difference, in seconds, in either direction.
    public static let defaultToleranceSeconds: Int64 = 300
    /// Most digits accepted in `webhook-timestamp` (keeps the value inside Int64).
    static let maxTimestampDigits = 18

    /// The configured secrets.
    public let keyring: WebhookKeyring
    /// Allowed difference between the timestamp and now, in seconds, in either direction.
    public let toleranceSeconds: Int64
    /// Header size limits.
    public let limits: Limits

    /// Creates a verifier for `keyring`.
    public init(keyring: WebhookKeyring, toleranceSeconds: Int64 = WebhookVerifier.defaultToleranceSeconds,
                limits: Limits = Limits()) {
        precondition(toleranceSeconds >= 0, "tolerance must not be negative")
        self.keyring = keyring
        self.toleranceSeconds = toleranceSeconds
        self.limits = limits
    }

    /// Checks the three headers and the raw body of a request for `job` (nil for a request not scoped
    /// to one job, which only unrestricted keys may authorize) at unix time `now`.
    public func verify(id: String?, timestamp: String?, signatureHeader: String?, body: [UInt8],
                       job: String?, now: Int64) -> Result<VerifiedWebhook, WebhookAuthFailure> {
        guard let id, !id.isEmpty, let timestamp, !timestamp.isEmpty,
              let signatureHeader, !signatureHeader.isEmpty else {
            return .failure(.missingSignature)
        }
        guard id.utf8.count <= limits.maxIDBytes, Self.isPrintable(id),
              signatureHeader.utf8.count <= limits.maxSignatureHeaderBytes else {
            return .failure(.invalidSignature)
        }
        guard let seconds = Self.parseTimestamp(timestamp) else { return .failure(.invalidSignature) }
        let (difference, overflow) = now.subtractingReportingOverflow(seconds)
        guard !overflow, difference.magnitude <= toleranceSeconds.magnitude else {
            return .failure(.timestampOutOfTolerance)
        }
        guard let candidates = parseSignatures(signatureHeader), !candidates.isEmpty else {
            return .failure(.invalidSignature)
        }
        // Every key is tried, even after a match, so that a restricted match cannot hide an allowed one.
        var allowed: WebhookSecret?
        var restrictedMatch = false
        for secret in keyring.secrets {
            let expected = WebhookSigner.mac(secret: secret, id: id, timestamp: timestamp, body: body)
            var matched = false
            for candidate in candidates where ConstantTime.equals(candidate, expected) {
                matched = true
            }
            guard matched else { continue }
            if secret.allows(job: job) {
                if allowed == nil { allowed = secret }
            } else {
                restrictedMatch = true
            }
        }
        if let allowed { return .success(VerifiedWebhook(id: id, timestamp: seconds, kid: allowed.kid)) }
        return .failure(restrictedMatch ? .jobNotAllowedForKey : .invalidSignature)
    }

    /// Decoded 32-byte MACs of the `v1` entries; nil when the header has too many entries.
    /// Other versions and undecodable entries are skipped: they can never match.
    func parseSignatures(_ header: String) -> [[UInt8]]? {
        if let parsed = header.utf8.withContiguousStorageIfAvailable({ parseSignatures(bytes: $0) }) { return parsed }
        return Array(header.utf8).withUnsafeBufferPointer { parseSignatures(bytes: $0) }
    }

    /// The same over the header's bytes: space-separated entries, scanned in place (a forged request's
    /// header is checked without building any intermediate strings).
    private func parseSignatures(bytes: UnsafeBufferPointer<UInt8>) -> [[UInt8]]? {
        var macs: [[UInt8]] = []
        var entries = 0
        var position = 0
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: " ") {
                position += 1
                continue
            }
            var end = position
            while end < bytes.count && bytes[end] != UInt8(ascii: " ") { end += 1 }
            entries += 1
            guard entries <= limits.maxSignatureEntries else { return nil }
            // "v1," then the base64 MAC; other versions are skipped
            if end - position > 3, bytes[position] == UInt8(ascii: "v"), bytes[position + 1] == UInt8(ascii: "1"),
               bytes[position + 2] == UInt8(ascii: ","),
               let mac = Base64.decode(bytes: UnsafeBufferPointer(rebasing: bytes[(position + 3)..<end])),
               mac.count == HMAC.sha256ByteCount
            {
                macs.append(mac)
            }
            position = end
        }
        return macs
    }

    /// The timestamp as seconds when it is 1–18 ASCII digits, else nil.
    static func parseTimestamp(_ text: String) -> Int64? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= maxTimestampDigits else { return nil }
        var value: Int64 = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// True when `text` has no ASCII control characters (the id becomes a database key).
    static func isPrintable(_ text: String) -> Bool {
        !text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }
}
