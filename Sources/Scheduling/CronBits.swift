/// The allowed values of one cron field as a bit set (every field's values fit in 0...63).
struct CronBits: Sendable, Hashable {
    /// Bit `n` set means value `n` is allowed.
    private(set) var raw: UInt64 = 0

    /// Allows `value`.
    mutating func insert(_ value: Int) {
        raw |= 1 << UInt64(value)
    }

    /// Disallows `value`.
    mutating func remove(_ value: Int) {
        raw &= ~(1 << UInt64(value))
    }

    /// Whether `value` is allowed.
    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && raw & (1 << UInt64(value)) != 0
    }

    /// The smallest allowed value ≥ `value`.
    func next(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let rest = value <= 0 ? raw : raw & ~((1 << UInt64(value)) - 1)
        return rest == 0 ? nil : rest.trailingZeroBitCount
    }

    /// The largest allowed value ≤ `value`.
    func previous(atOrBefore value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let rest = value >= 63 ? raw : raw & ((1 << UInt64(value + 1)) - 1)
        return rest == 0 ? nil : 63 - rest.leadingZeroBitCount
    }

    /// Allowed values in ascending order.
    var values: [Int] {
        (0..<64).filter { contains($0) }
    }
}
