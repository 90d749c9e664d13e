/// Shared encoder and strict decoder behind `Base64` and `Base64URL`.
enum Base64Codec {
    /// Marks a byte outside the alphabet in a decoding table.
    static let invalid: UInt8 = 0xFF

    /// Builds the 256-entry reverse table for `alphabet`.
    static func decodingTable(for alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }

    /// Encodes `input` with `alphabet` (64 symbols), adding `=` padding when `padded`.
    static func encode(_ input: [UInt8], alphabet: [UInt8], padded: Bool) -> String {
        let fullGroups = input.count / 3
        let remainder = input.count % 3
        let tail = remainder == 0 ? 0 : (padded ? 4 : remainder + 1)
        let length = fullGroups * 4 + tail
        guard length > 0 else { return "" }
        return input.withUnsafeBufferPointer { src in
            alphabet.withUnsafeBufferPointer { abc in
                String(unsafeUninitializedCapacity: length) { dst in
                    var i = 0
                    var o = 0
                    while i + 3 <= src.count {
                        let n = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8 | UInt32(src[i + 2])
                        dst[o] = abc[Int(n >> 18 & 63)]
                        dst[o + 1] = abc[Int(n >> 12 & 63)]
                        dst[o + 2] = abc[Int(n >> 6 & 63)]
                        dst[o + 3] = abc[Int(n & 63)]
                        i += 3
                        o += 4
                    }
                    if remainder == 1 {
                        let n = UInt32(src[i]) << 16
                        dst[o] = abc[Int(n >> 18 & 63)]
                        dst[o + 1] = abc[Int(n >> 12 & 63)]
                        o += 2
                    } else if remainder == 2 {
                        let n = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8
                        dst[o] = abc[Int(n >> 18 & 63)]
                        dst[o + 1] = abc[Int(n >> 12 & 63)]
                        dst[o + 2] = abc[Int(n >> 6 & 63)]
                        o += 3
                    }
                    while o < length {
                        dst[o] = UInt8(ascii: "=")
                        o += 1
                    }
                    return length
                }
            }
        }
    }

    /// Decodes `text` strictly: only alphabet symbols, `=` padding exactly when `padded` requires it,
    /// and zero unused bits in the last symbol (one canonical text per byte string). Nil when invalid.
    static func decode(_ text: some StringProtocol, table: [UInt8], padded: Bool) -> [UInt8]? {
        let utf8 = text.utf8
        if let result = utf8.withContiguousStorageIfAvailable({ decode($0, table: table, padded: padded) }) {
            return result
        }
        let copy = Array(utf8)
        return copy.withUnsafeBufferPointer { decode($0, table: table, padded: padded) }
    }

    static func decode(_ src: UnsafeBufferPointer<UInt8>, table: [UInt8], padded: Bool) -> [UInt8]? {
        guard let outCount = decodedCount(src, padded: padded) else { return nil }
        var valid = true
        let out = [UInt8](unsafeUninitializedCapacity: outCount) { dst, initialized in
            valid = decode(src, table: table, padded: padded, into: UnsafeMutableRawBufferPointer(dst)) != nil
            initialized = valid ? outCount : 0
        }
        return valid ? out : nil
    }

    /// How many bytes `src` decodes to, if its length and padding are possible.
    static func decodedCount(_ src: UnsafeBufferPointer<UInt8>, padded: Bool) -> Int? {
        let count = symbolCount(src, padded: padded)
        guard count >= 0 else { return nil }
        let remainder = count % 4
        guard remainder != 1 else { return nil }
        return count / 4 * 3 + (remainder == 0 ? 0 : remainder - 1)
    }

    // The symbols before the padding; -1 when padding is required and the length is not a multiple of 4.
    private static func symbolCount(_ src: UnsafeBufferPointer<UInt8>, padded: Bool) -> Int {
        var count = src.count
        if padded {
            guard count % 4 == 0 else { return -1 }
            // At most two `=`, and only at the very end; a `=` anywhere else fails the table lookup.
            if count > 0 && src[count - 1] == UInt8(ascii: "=") { count -= 1 }
            if count > 0 && src[count - 1] == UInt8(ascii: "=") { count -= 1 }
        }
        return count
    }

    /// Decodes `src` into `dst` without allocating; the number of bytes written, or nil when `src` is
    /// invalid or decodes to more than `dst` holds.
    static func decode(
        _ src: UnsafeBufferPointer<UInt8>, table: [UInt8], padded: Bool, into dst: UnsafeMutableRawBufferPointer
    ) -> Int? {
        guard let outCount = decodedCount(src, padded: padded), outCount <= dst.count else { return nil }
        let count = symbolCount(src, padded: padded)
        let remainder = count % 4
        return table.withUnsafeBufferPointer { t -> Int? in
            var i = 0
            var o = 0
            var bad: UInt8 = 0
            while i + 4 <= count {
                let a = t[Int(src[i])], b = t[Int(src[i + 1])], c = t[Int(src[i + 2])], d = t[Int(src[i + 3])]
                bad |= a | b | c | d
                let n = UInt32(a & 63) << 18 | UInt32(b & 63) << 12 | UInt32(c & 63) << 6 | UInt32(d & 63)
                dst[o] = UInt8(truncatingIfNeeded: n >> 16)
                dst[o + 1] = UInt8(truncatingIfNeeded: n >> 8)
                dst[o + 2] = UInt8(truncatingIfNeeded: n)
                i += 4
                o += 3
            }
            if remainder == 2 {
                let a = t[Int(src[i])], b = t[Int(src[i + 1])]
                bad |= a | b
                // The last symbol carries 4 unused bits: they must be zero.
                if b & 0x0F != 0 { bad |= 0x80 }
                dst[o] = (a & 63) << 2 | (b & 63) >> 4
                o += 1
            } else if remainder == 3 {
                let a = t[Int(src[i])], b = t[Int(src[i + 1])], c = t[Int(src[i + 2])]
                bad |= a | b | c
                if c & 0x03 != 0 { bad |= 0x80 }
                let n = UInt32(a & 63) << 18 | UInt32(b & 63) << 12 | UInt32(c & 63) << 6
                dst[o] = UInt8(truncatingIfNeeded: n >> 16)
                dst[o + 1] = UInt8(truncatingIfNeeded: n >> 8)
                o += 2
            }
            // Valid symbols are below 64, so any high bit means an invalid character.
            return bad & 0xC0 == 0 ? o : nil
        }
    }
}
