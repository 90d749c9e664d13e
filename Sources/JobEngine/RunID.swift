import Glibc

/// Run ids: random (version 4) UUIDs in lowercase text, the form PostgreSQL prints them in.
///
/// Drawn from glibc's `arc4random_buf` (a ChaCha20 generator seeded by `getrandom`). `UUID()` here opens
/// and reads `/dev/urandom` for every id, which showed up in the trigger path's profile.
enum RunID {
    /// One new id.
    static func make() -> String {
        make(count: 1)[0]
    }

    /// `count` new ids.
    static func make(count: Int) -> [String] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count * 16)
        fill(&bytes)
        var ids: [String] = []
        ids.reserveCapacity(count)
        for index in 0..<count {
            ids.append(format(bytes[(index * 16)..<(index * 16 + 16)]))
        }
        return ids
    }

    private static func fill(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            arc4random_buf(buffer.baseAddress!, buffer.count)
        }
    }

    private static func format(_ random: ArraySlice<UInt8>) -> String {
        var bytes = Array(random)
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        return String(unsafeUninitializedCapacity: 36) { text in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            digits.withUTF8Buffer { hex in
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = hex[Int(byte >> 4)]
                    text[position + 1] = hex[Int(byte & 0x0F)]
                    position += 2
                }
            }
            return position
        }
    }
}
