internal import CCrypto

/// Comparisons whose running time does not depend on where the inputs differ.
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes; uses `CRYPTO_memcmp`, so equal-length inputs are
    /// always compared in full. Inputs of different lengths are unequal without any content comparison.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { x in b.withUnsafeBytes { y in equals(x, y) } }
    }

    /// The same over raw bytes (no copies).
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress, !a.isEmpty else { return true }
        return CRYPTO_memcmp(x, y, a.count) == 0
    }
}
