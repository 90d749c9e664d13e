internal import CCrypto

/// An HMAC-SHA256 key prepared once: an OpenSSL MAC context keyed with it, copied for each message.
///
/// The one-shot `HMAC()` looks the algorithm and the digest up in OpenSSL's provider store on every
/// call (a read-write lock and several allocations), which dominated the cost of checking a forged
/// trigger. The template is only ever read (copied), so one key serves every thread at once.
final class HMACKey: @unchecked Sendable {
    /// OpenSSL's HMAC implementation, fetched once for the process (an immutable, reference-counted
    /// OpenSSL object that any thread may use).
    private struct Algorithm: @unchecked Sendable {
        let pointer: OpaquePointer?
    }
    private static let algorithm = Algorithm(pointer: EVP_MAC_fetch(nil, "HMAC", nil))

    // EVP_MAC_CTX*, keyed; never updated, only duplicated.
    private let template: OpaquePointer

    /// Keys a context with `key` (any length, empty included).
    init(key: [UInt8]) {
        guard let algorithm = Self.algorithm.pointer, let context = EVP_MAC_CTX_new(algorithm) else {
            preconditionFailure("OpenSSL has no HMAC implementation")
        }
        var digest = Array("SHA256".utf8CString)
        var name = Array("digest".utf8CString)
        let keyBytes = key.isEmpty ? [0] : key
        let status = digest.withUnsafeMutableBufferPointer { digestText in
            name.withUnsafeMutableBufferPointer { nameText in
                var parameters = [
                    OSSL_PARAM_construct_utf8_string(nameText.baseAddress, digestText.baseAddress, 0),
                    OSSL_PARAM_construct_end(),
                ]
                return keyBytes.withUnsafeBufferPointer { bytes in
                    EVP_MAC_init(context, bytes.baseAddress, key.count, &parameters)
                }
            }
        }
        precondition(status == 1, "OpenSSL could not key HMAC-SHA256")
        template = context
    }

    deinit {
        EVP_MAC_CTX_free(template)
    }

    /// HMAC-SHA256 over the concatenation of `parts`, as 32 raw bytes.
    func mac(_ parts: [UInt8]...) -> [UInt8] {
        guard let context = EVP_MAC_CTX_dup(template) else { preconditionFailure("OpenSSL could not copy an HMAC context") }
        defer { EVP_MAC_CTX_free(context) }
        for part in parts where !part.isEmpty {
            let status = part.withUnsafeBufferPointer { bytes in EVP_MAC_update(context, bytes.baseAddress, bytes.count) }
            precondition(status == 1, "OpenSSL HMAC update failed")
        }
        var out = [UInt8](repeating: 0, count: HMAC.sha256ByteCount)
        var length = 0
        let status = out.withUnsafeMutableBufferPointer { buffer in
            EVP_MAC_final(context, buffer.baseAddress, &length, buffer.count)
        }
        precondition(status == 1 && length == HMAC.sha256ByteCount, "OpenSSL HMAC-SHA256 failed")
        return out
    }
}
