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
            let expected = WebhookSigner.mac(key: secret.key, id: id, timestamp: timestamp, body: body)
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
        let entries = header.utf8.split(separator: UInt8(ascii: " "))
        guard entries.count <= limits.maxSignatureEntries else { return nil }
        var macs: [[UInt8]] = []
        for entry in entries {
            guard let comma = entry.firstIndex(of: UInt8(ascii: ",")),
                  entry[..<comma].elementsEqual("v1".utf8) else { continue }
            let encoded = Substring(entry[entry.index(after: comma)...])
            if let mac = Base64.decode(encoded), mac.count == HMAC.sha256ByteCount { macs.append(mac) }
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
