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

    /// `[UInt8]` is bytea: decodes the hex output form `\x0aff...` (the server default), or the
    /// escape form (`bytea_output = escape`: `\\` and `\ooo` octal, other bytes as is).
    public static func decodeArray(postgresText bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let backslash = UInt8(ascii: "\\")
        guard bytes.count >= 2, bytes[0] == backslash, bytes[1] == UInt8(ascii: "x") else {
            return decodeEscaped(bytes)
        }
        guard bytes.count % 2 == 0 else { return nil }
        var out = [UInt8](repeating: 0, count: (bytes.count - 2) / 2)
        var index = 2
        for position in out.indices {
            guard let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else { return nil }
            out[position] = high << 4 | low
            index += 2
        }
        return out
    }

    /// Decodes bytea escape output; nil for a malformed escape.
    private static func decodeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let backslash = UInt8(ascii: "\\")
        let octal = UInt8(ascii: "0")...UInt8(ascii: "7")
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == backslash else {
                out.append(byte)
                index += 1
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == backslash {
                out.append(backslash)
                index += 2
                continue
            }
            guard index + 3 < bytes.count, octal.contains(bytes[index + 1]), octal.contains(bytes[index + 2]),
                octal.contains(bytes[index + 3]), bytes[index + 1] <= UInt8(ascii: "3")
            else { return nil }
            let zero = UInt8(ascii: "0")
            out.append((bytes[index + 1] - zero) << 6 | (bytes[index + 2] - zero) << 3 | (bytes[index + 3] - zero))
            index += 4
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
