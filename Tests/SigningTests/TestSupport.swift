@testable import Signing

/// Helpers shared by the Signing test suites.
enum TestSupport {
    /// Decodes lowercase or uppercase hex; traps on malformed test data.
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        precondition(digits.count % 2 == 0, "odd hex length in test data")
        return stride(from: 0, to: digits.count, by: 2).map { i in
            UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16)!
        }
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(bytes)
    }

    /// A deterministic key of `count` bytes, distinct per `seed`.
    static func key(_ seed: UInt8, count: Int = 32) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 7 &+ 1) }
    }

    /// The textual `whsec_` form of `key`.
    static func secretText(_ key: [UInt8]) -> String {
        WebhookSecret.prefix + Base64.encode(key)
    }
}
