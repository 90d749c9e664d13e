extension UInt8: PostgresArrayElement {
    /// A lone byte binds as a number.
    public var postgresText: String? { String(self) }

    /// Parses a number from 0 to 255.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = Int.parseDecimal(bytes), let byte = UInt8(exactly: value) else { return nil }
        self = byte
    }

    /// `[UInt8]` is bytea: the hex input form `\x0aff...`.
    public static func postgresText(ofArray elements: [UInt8]) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 2 + elements.count * 2) { buffer in
            buffer[0] = UInt8(ascii: "\\")
            buffer[1] = UInt8(ascii: "x")
            var index = 2
            digits.withUTF8Buffer { hex in
                for byte in elements {
                    buffer[index] = hex[Int(byte >> 4)]
                    buffer[index + 1] = hex[Int(byte & 0x0f)]
                    index += 2
                }
            }
            return index
        }
    }

    /// `[UInt8]` is bytea: decodes the hex output form `\x0aff...` (the server default `bytea_output`).
    public static func decodeArray(postgresText bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard bytes.count >= 2, bytes.count % 2 == 0, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x")
        else { return nil }
        var out = [UInt8](repeating: 0, count: (bytes.count - 2) / 2)
        var index = 2
        for position in out.indices {
            guard let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else { return nil }
            out[position] = high << 4 | low
            index += 2
        }
        return out
    }

    /// The value of one hex digit, either case.
    static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
