import FoundationEssentials

extension UUID: PostgresArrayElement {
    /// Lower-case canonical form, as PostgreSQL prints it.
    public var postgresText: String? {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { buffer in
                var index = 0
                digits.withUTF8Buffer { hex in
                    for (position, byte) in raw.enumerated() {
                        if position == 4 || position == 6 || position == 8 || position == 10 {
                            buffer[index] = UInt8(ascii: "-")
                            index += 1
                        }
                        buffer[index] = hex[Int(byte >> 4)]
                        buffer[index + 1] = hex[Int(byte & 0x0f)]
                        index += 2
                    }
                }
                return index
            }
        }
    }

    /// Parses the canonical 36-character form (either case).
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &value) { out -> Bool in
            var index = 0
            for position in 0..<16 {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    guard bytes[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                guard let high = UInt8.hexValue(bytes[index]), let low = UInt8.hexValue(bytes[index + 1]) else {
                    return false
                }
                out[position] = high << 4 | low
                index += 2
            }
            return true
        }
        guard ok else { return nil }
        self.init(uuid: value)
    }
}
