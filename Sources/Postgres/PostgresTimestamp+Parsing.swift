extension PostgresTimestamp {
    /// Reads bytes left to right.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        /// Consumes `byte` if it is next.
        mutating func take(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        /// Consumes between `min` and `max` digits; nil when fewer than `min` are there.
        mutating func digits(min: Int, max: Int) -> (value: Int64, count: Int)? {
            var value: Int64 = 0
            var count = 0
            while count < max, let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                count += 1
                index += 1
            }
            return count >= min ? (value, count) : nil
        }

        /// Consumes the rest if it equals `text`.
        mutating func takeSuffix(_ text: StaticString) -> Bool {
            let length = text.utf8CodeUnitCount
            guard bytes.count - index == length else { return false }
            let equal = text.withUTF8Buffer { expected in
                (0..<length).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            if equal { index += length }
            return equal
        }
    }

    /// Microseconds since 1970-01-01 00:00 UTC of `YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]][Z|±HH[[:]MM[:SS]]]][ BC]`.
    static func parseMicroseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.digits(min: 4, max: 7)?.value, cursor.take(UInt8(ascii: "-")),
            let month = cursor.digits(min: 2, max: 2)?.value, cursor.take(UInt8(ascii: "-")),
            let day = cursor.digits(min: 2, max: 2)?.value,
            (1...12).contains(month), day >= 1
        else { return nil }
        var timeMicros: Int64 = 0
        var offsetSeconds: Int64 = 0
        if cursor.take(UInt8(ascii: " ")) || cursor.take(UInt8(ascii: "T")) {
            if cursor.current == UInt8(ascii: "B") {
                cursor.index -= 1  // " BC" after a bare date
            } else {
                guard let time = parseTime(&cursor) else { return nil }
                timeMicros = time
                guard let offset = parseOffset(&cursor) else { return nil }
                offsetSeconds = offset
            }
        }
        let isBC = cursor.takeSuffix(" BC")
        guard cursor.atEnd, !(isBC && year == 0) else { return nil }
        let astronomicalYear = isBC ? 1 - year : year
        guard day <= daysInMonth(astronomicalYear: astronomicalYear, month: Int(month)) else { return nil }
        let dayCount = days(fromYear: astronomicalYear, month: Int(month), day: Int(day))
        return dayCount * microsecondsPerDay + timeMicros - offsetSeconds * 1_000_000
    }

    /// `HH:MM[:SS[.fraction]]` as microseconds of the day (24:00:00 allowed, as in PostgreSQL).
    private static func parseTime(_ cursor: inout Cursor) -> Int64? {
        guard let hour = cursor.digits(min: 2, max: 2)?.value, cursor.take(UInt8(ascii: ":")),
            let minute = cursor.digits(min: 2, max: 2)?.value
        else { return nil }
        var second: Int64 = 0
        var fraction: Int64 = 0
        if cursor.take(UInt8(ascii: ":")) {
            guard let value = cursor.digits(min: 2, max: 2)?.value else { return nil }
            second = value
            if cursor.take(UInt8(ascii: ".")) {
                guard let (value, count) = cursor.digits(min: 1, max: 6) else { return nil }
                fraction = value
                for _ in count..<6 { fraction *= 10 }
                // Digits past microseconds are dropped (PostgreSQL never prints them).
                _ = cursor.digits(min: 0, max: 64)
            }
        }
        guard hour <= 24, minute <= 59, second <= 60,
            hour < 24 || (minute == 0 && second == 0 && fraction == 0)
        else { return nil }
        return ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction
    }

    /// `Z`, `±HH`, `±HH:MM`, `±HHMM` or `±HH:MM:SS` as seconds east of UTC; 0 when absent.
    private static func parseOffset(_ cursor: inout Cursor) -> Int64? {
        if cursor.take(UInt8(ascii: "Z")) { return 0 }
        let sign: Int64
        if cursor.take(UInt8(ascii: "+")) {
            sign = 1
        } else if cursor.take(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return 0
        }
        guard let hours = cursor.digits(min: 2, max: 2)?.value else { return nil }
        var minutes: Int64 = 0
        var seconds: Int64 = 0
        let hadColon = cursor.take(UInt8(ascii: ":"))
        if let value = cursor.digits(min: 2, max: 2)?.value {
            minutes = value
            if cursor.take(UInt8(ascii: ":")) {
                guard let value = cursor.digits(min: 2, max: 2)?.value else { return nil }
                seconds = value
            }
        } else if hadColon {
            return nil
        }
        guard hours <= 15, minutes <= 59, seconds <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60 + seconds)
    }

    /// Days in a month; leap years by the proleptic Gregorian rule (year 0 is 1 BC, a leap year).
    private static func daysInMonth(astronomicalYear year: Int64, month: Int) -> Int64 {
        switch month {
        case 2:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
