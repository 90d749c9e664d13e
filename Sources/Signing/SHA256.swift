internal import CCrypto

/// SHA-256 digests computed by OpenSSL libcrypto.
public enum SHA256 {
    /// Length in bytes of a SHA-256 digest.
    public static let byteCount = 32

    /// Returns the SHA-256 digest of `bytes` as 32 raw bytes.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        let input = bytes.isEmpty ? [0] : bytes
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = input.withUnsafeBytes { i in
            out.withUnsafeMutableBufferPointer { o in
                EVP_Digest(i.baseAddress, bytes.count, o.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        precondition(ok == 1 && Int(length) == byteCount, "OpenSSL SHA-256 failed")
        out.removeLast(out.count - Int(length))
        return out
    }

    /// Returns the SHA-256 digest of the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> [UInt8] {
        hash(Array(string.utf8))
    }
}
