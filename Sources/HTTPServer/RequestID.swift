/// Request ids: a client's `X-Request-Id` when it is safe to echo and log, else a generated one.
struct RequestID {
    // SplitMix64: cheap and well spread; ids need to be unique, not unpredictable.
    private var state: UInt64

    /// A generator seeded from the system random source.
    init() {
        state = UInt64.random(in: .min ... .max)
    }

    /// Whether `value` is 1–128 characters of `[A-Za-z0-9._-]`.
    static func isValid(_ value: String) -> Bool {
        let bytes = value.utf8
        guard (1...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    /// Characters in a generated id.
    static let generatedLength = 13

    /// A new id: the generator's next 64 bits as 13 lowercase base32 characters (`a`–`z`, `2`–`7`;
    /// the first carries 4 bits). Thirteen characters fit Swift's inline small-string storage, so an id
    /// costs no allocation and no reference counting as it travels with the request, its response and
    /// its log line.
    mutating func next() -> String {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        let value = mixed
        return String(unsafeUninitializedCapacity: Self.generatedLength) { buffer in
            let symbols: StaticString = "abcdefghijklmnopqrstuvwxyz234567"
            symbols.withUTF8Buffer { alphabet in
                for position in 0..<Self.generatedLength {
                    let shift = UInt64((Self.generatedLength - 1 - position) * 5)
                    buffer[position] = alphabet[Int((value >> shift) & 0x1F)]
                }
            }
            return Self.generatedLength
        }
    }
}
