extension String: PostgresArrayElement {
    /// The string itself (text input needs no escaping in a bind parameter).
    public var postgresText: String? { self }

    /// The UTF-8 text as is.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        self = String(decoding: bytes, as: UTF8.self)
    }
}

extension Int: PostgresArrayElement {
    /// Decimal digits.
    public var postgresText: String? { String(self) }

    /// Parses decimal digits (int2, int4 or int8 output), failing on overflow.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = Self.parseDecimal(bytes) else { return nil }
        self = value
    }
}

extension Int64: PostgresArrayElement {
    /// Decimal digits.
    public var postgresText: String? { String(self) }

    /// Parses decimal digits (int2, int4 or int8 output), failing on overflow.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = Self.parseDecimal(bytes) else { return nil }
        self = value
    }
}

extension Int32: PostgresArrayElement {
    /// Decimal digits.
    public var postgresText: String? { String(self) }

    /// Parses decimal digits (int2 or int4 output), failing on overflow.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = Self.parseDecimal(bytes) else { return nil }
        self = value
    }
}

extension Double: PostgresArrayElement {
    /// Shortest round-trip decimal, or `Infinity`, `-Infinity`, `NaN` as PostgreSQL spells them.
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }

    /// Parses float4, float8 or numeric output, including `Infinity`, `-Infinity` and `NaN`.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        case "NaN": self = .nan
        default:
            guard let first = text.utf8.first,
                first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), let value = Double(text)
            else { return nil }
            self = value
        }
    }
}

extension Bool: PostgresArrayElement {
    /// `true` or `false`.
    public var postgresText: String? { self ? "true" : "false" }

    /// Parses `t`/`f` (boolean output), also `true`/`false`.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        switch String(decoding: bytes, as: UTF8.self) {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension FixedWidthInteger where Self: SignedInteger {
    /// Parses an optionally signed run of ASCII digits; nil when empty, not digits, or out of range.
    static func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Self? {
        guard let first = bytes.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        var index = (negative || first == UInt8(ascii: "+")) ? 1 : 0
        guard index < bytes.count else { return nil }
        var value: Self = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            // Accumulating on the negative side reaches Self.min without overflow.
            let (next, overflowB) =
                negative
                ? shifted.subtractingReportingOverflow(Self(digit)) : shifted.addingReportingOverflow(Self(digit))
            guard !overflowA, !overflowB else { return nil }
            value = next
            index += 1
        }
        return value
    }
}
