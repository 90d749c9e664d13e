internal import CCrypto

/// HMAC message authentication codes computed by OpenSSL libcrypto.
public enum HMAC {
    /// Length in bytes of an HMAC-SHA256 tag.
    public static let sha256ByteCount = 32

    /// Returns HMAC-SHA256(key, message) as 32 raw bytes.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        precondition(key.count <= Int(Int32.max), "HMAC key longer than Int32.max bytes")
        // OpenSSL treats a NULL key pointer as "reuse the previous key", so an empty key or message
        // still gets a valid (zero-length) buffer.
        let keyBytes = key.isEmpty ? [0] : key
        let messageBytes = message.isEmpty ? [0] : message
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = keyBytes.withUnsafeBufferPointer { k in
            messageBytes.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    CCrypto.HMAC(EVP_sha256(), k.baseAddress, Int32(key.count), m.baseAddress, message.count,
                                 o.baseAddress, &length)
                }
            }
        }
        precondition(result != nil && Int(length) == sha256ByteCount, "OpenSSL HMAC-SHA256 failed")
        out.removeLast(out.count - Int(length))
        return out
    }
}
