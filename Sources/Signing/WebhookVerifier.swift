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
        // The header is read in place and the tags are computed into stack space: checking a forged
        // request allocates nothing.
        var header = signatureHeader
        // What the closures below need, taken out first so that they capture these and not a copy of self.
        let secrets = keyring.secrets
        let maxEntries = limits.maxSignatureEntries
        return header.withUTF8 { entries in
            guard let candidates = Self.countCandidates(entries, maxEntries: maxEntries), candidates > 0 else {
                return .failure(.invalidSignature)
            }
            return withUnsafeTemporaryAllocation(byteCount: secrets.count * HMAC.sha256ByteCount, alignment: 8) { tags in
                for index in secrets.indices {
                    let message = WebhookSigner.signedContent(
                        secret: secrets[index], id: id, timestamp: timestamp, body: body)
                    secrets[index].hmac.finish(message, into: UnsafeMutableRawBufferPointer(
                        rebasing: tags[(index * HMAC.sha256ByteCount)..<((index + 1) * HMAC.sha256ByteCount)]))
                }
                // Every key is tried against every entry, even after a match, so that a restricted match
                // cannot hide an allowed one.
                var allowed: Int?
                var restrictedMatch = false
                for index in secrets.indices {
                    let tag = UnsafeRawBufferPointer(
                        rebasing: tags[(index * HMAC.sha256ByteCount)..<((index + 1) * HMAC.sha256ByteCount)])
                    guard Self.anyCandidate(in: entries, equals: tag, maxEntries: maxEntries) else { continue }
                    if secrets[index].allows(job: job) {
                        if allowed == nil { allowed = index }
                    } else {
                        restrictedMatch = true
                    }
                }
                if let allowed {
                    return .success(VerifiedWebhook(id: id, timestamp: seconds, kid: secrets[allowed].kid))
                }
                return .failure(restrictedMatch ? .jobNotAllowedForKey : .invalidSignature)
            }
        }
    }

    /// How many `v1` entries of the header decode to a 32-byte MAC; nil when the header has too many
    /// entries. Other versions and undecodable entries are skipped: they can never match.
    static func countCandidates(_ header: UnsafeBufferPointer<UInt8>, maxEntries: Int) -> Int? {
        var count = 0
        var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        let complete = withUnsafeMutableBytes(of: &scratch) { scratch in
            forEachEntry(header, maxEntries: maxEntries) { entry in
                if Self.decodeMAC(entry, into: scratch) { count += 1 }
                return false
            }
        }
        return complete == nil ? nil : count
    }

    /// Whether some `v1` entry of the header equals `tag` (compared in constant time).
    private static func anyCandidate(
        in header: UnsafeBufferPointer<UInt8>, equals tag: UnsafeRawBufferPointer, maxEntries: Int
    ) -> Bool {
        var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        var matched = false
        withUnsafeMutableBytes(of: &scratch) { scratch in
            _ = forEachEntry(header, maxEntries: maxEntries) { entry in
                if Self.decodeMAC(entry, into: scratch),
                   ConstantTime.equals(UnsafeRawBufferPointer(rebasing: scratch[..<HMAC.sha256ByteCount]), tag) {
                    matched = true
                }
                return false
            }
        }
        return matched
    }

    /// Calls `body` with each space-separated entry until it returns true; nil (having stopped) when the
    /// header has more than `maxEntries` entries, else whether `body` stopped it.
    private static func forEachEntry(
        _ header: UnsafeBufferPointer<UInt8>, maxEntries: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool? {
        var entries = 0
        var position = 0
        while position < header.count {
            if header[position] == UInt8(ascii: " ") {
                position += 1
                continue
            }
            var end = position
            while end < header.count && header[end] != UInt8(ascii: " ") { end += 1 }
            entries += 1
            guard entries <= maxEntries else { return nil }
            if body(UnsafeBufferPointer(rebasing: header[position..<end])) { return true }
            position = end
        }
        return false
    }

    /// Decodes a `v1,<base64>` entry whose MAC is 32 bytes into `scratch` (at least 33 bytes); false for
    /// another version, bad base64 or another length.
    private static func decodeMAC(_ entry: UnsafeBufferPointer<UInt8>, into scratch: UnsafeMutableRawBufferPointer) -> Bool {
        guard entry.count > 3, entry[0] == UInt8(ascii: "v"), entry[1] == UInt8(ascii: "1"), entry[2] == UInt8(ascii: ",")
        else { return false }
        return Base64.decode(bytes: UnsafeBufferPointer(rebasing: entry[3...]), into: scratch) == HMAC.sha256ByteCount
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
