extension WebhookVerifier {
    /// Size limits checked before any HMAC is computed, so oversized headers are cheap to reject.
    public struct Limits: Sendable, Equatable {
        /// Longest accepted `webhook-id`, in bytes.
        public var maxIDBytes: Int
        /// Longest accepted `webhook-signature` header, in bytes.
        public var maxSignatureHeaderBytes: Int
        /// Most entries accepted in `webhook-signature` (all versions counted).
        public var maxSignatureEntries: Int

        /// Creates limits; the defaults are 256 bytes, 4096 bytes and 16 entries.
        public init(maxIDBytes: Int = 256, maxSignatureHeaderBytes: Int = 4096, maxSignatureEntries: Int = 16) {
            self.maxIDBytes = maxIDBytes
            self.maxSignatureHeaderBytes = maxSignatureHeaderBytes
            self.maxSignatureEntries = maxSignatureEntries
        }
    }
}
