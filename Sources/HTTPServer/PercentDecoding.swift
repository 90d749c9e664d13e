/// Decodes `%XX` escapes (RFC 3986 §2.1) in paths and queries.
enum PercentDecoding {
    /// The decoded text of contiguous bytes; the common case (no escape, all ASCII) is one copy.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool) -> String? {
        var plain = true
        var ascii = true
        for byte in bytes {
            if byte == UInt8(ascii: "%") || (plusIsSpace && byte == UInt8(ascii: "+")) { plain = false }
            if byte >= 0x80 { ascii = false }
        }
        if plain && ascii { return String(decoding: bytes, as: UTF8.self) }
        return decode(Array(bytes), plusIsSpace: plusIsSpace)
    }

    /// The decoded text, or nil when an escape is malformed or the result is not valid UTF-8.
    static func decode<C: Collection>(_ bytes: C, plusIsSpace: Bool) -> String? where C.Element == UInt8 {
        // Most paths and values hold no escape: validate and copy them once.
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(validating: bytes, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let high = bytes.index(after: index)
                guard high != bytes.endIndex else { return nil }
                let low = bytes.index(after: high)
                guard low != bytes.endIndex, let h = hex(bytes[high]), let l = hex(bytes[low]) else { return nil }
                output.append(h << 4 | l)
                index = bytes.index(after: low)
                continue
            }
            output.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
