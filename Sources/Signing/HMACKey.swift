internal import CCrypto

/// An HMAC-SHA256 key prepared once (RFC 2104): OpenSSL's SHA-256 state after absorbing the key's inner
/// pad, and the same after its outer pad, kept as plain values.
///
/// Each message starts from a by-value copy of the inner state, so a tag costs the SHA-256 blocks of the
/// message plus two: no allocation, no lock, no shared reference count. (Copying a keyed EVP_MAC context
/// instead allocated about ten OpenSSL objects per message and bumped the shared digest's reference
/// count, which two event loops checking signatures at once fought over.) A value type: any number of
/// threads may use one key at once.
struct HMACKey: Sendable {
    private let inner: SHA256_CTX
    private let outer: SHA256_CTX

    /// Absorbs `key` (any length; longer than a block is hashed first, as RFC 2104 says).
    init(key: [UInt8]) {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        if key.count > Self.blockSize {
            block.replaceSubrange(0..<SHA256.byteCount, with: SHA256.hash(key))
        } else {
            block.replaceSubrange(0..<key.count, with: key)
        }
        inner = Self.absorb(block.map { $0 ^ 0x36 })
        outer = Self.absorb(block.map { $0 ^ 0x5C })
        block.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }

    private static let blockSize = 64

    private static func absorb(_ pad: [UInt8]) -> SHA256_CTX {
        var context = SHA256_CTX()
        var pad = pad
        let status = pad.withUnsafeBytes { bytes in
            ctj_sha256_init(&context) == 1 && ctj_sha256_update(&context, bytes.baseAddress, bytes.count) == 1
        }
        pad.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
        precondition(status, "OpenSSL SHA-256 failed")
        return context
    }

    /// One message being authenticated: feed it, then `finish`.
    struct Message {
        fileprivate var context: SHA256_CTX

        /// Appends bytes to the message.
        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            precondition(ctj_sha256_update(&context, base, bytes.count) == 1, "OpenSSL SHA-256 failed")
        }

        /// Appends an array's bytes.
        mutating func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { update($0) }
        }

        /// Appends a string's UTF-8 bytes (in place when the string is contiguous, as native strings are).
        mutating func update(_ text: String) {
            var text = text
            text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        }
    }

    /// A message with nothing fed yet.
    func start() -> Message {
        Message(context: inner)
    }

    /// Writes the tag of `message` (32 bytes) to `tag`.
    func finish(_ message: Message, into tag: UnsafeMutableRawBufferPointer) {
        precondition(tag.count >= HMAC.sha256ByteCount, "HMAC-SHA256 tag buffer too small")
        var message = message
        var outer = outer
        let status = ctj_sha256_final(tag.baseAddress!.assumingMemoryBound(to: UInt8.self), &message.context) == 1
            && ctj_sha256_update(&outer, tag.baseAddress, HMAC.sha256ByteCount) == 1
            && ctj_sha256_final(tag.baseAddress!.assumingMemoryBound(to: UInt8.self), &outer) == 1
        precondition(status, "OpenSSL SHA-256 failed")
    }

    /// The tag of `message` as 32 bytes.
    func finish(_ message: Message) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: HMAC.sha256ByteCount) { buffer, initialized in
            finish(message, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = HMAC.sha256ByteCount
        }
    }

    /// HMAC-SHA256 over the concatenation of `parts`, as 32 raw bytes.
    func mac(_ parts: [UInt8]...) -> [UInt8] {
        var message = start()
        for part in parts { message.update(part) }
        return finish(message)
    }
}
