import FoundationEssentials

/// Formats and parses PostgreSQL `timestamptz` text without DateFormatter: microsecond precision,
/// any UTC offset, proleptic Gregorian calendar, `BC` years.
public enum PostgresTimestamp {
    /// Microseconds in one day.
    static let microsecondsPerDay: Int64 = 86_400_000_000
    /// Days from 1970-01-01 to 2001-01-01 (Foundation's reference date).
    static let referenceDateDays: Int64 = 11_323

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` in UTC (rounded to the microsecond); `infinity` for
    /// an infinite date.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSinceReferenceDate
        if interval.isNaN { return "NaN" }
        let scaled = (interval * 1_000_000).rounded()
        // Beyond ±292,000 years the count no longer fits; PostgreSQL's own range ends earlier.
        guard abs(scaled) < 9.2e18 else { return interval < 0 ? "-infinity" : "infinity" }
        let micros = Int64(scaled) + referenceDateDays * microsecondsPerDay
        return format(microsecondsSince1970: micros)
    }

    /// Formats a count of microseconds since 1970-01-01 00:00 UTC.
    static func format(microsecondsSince1970 micros: Int64) -> String {
        let days = floorDivide(micros, microsecondsPerDay)
        let timeOfDay = micros - days * microsecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        let isBC = year <= 0
        let displayYear = isBC ? 1 - year : year
        let secondsOfDay = Int(timeOfDay / 1_000_000)
        let fraction = Int(timeOfDay % 1_000_000)
        return String(unsafeUninitializedCapacity: 48) { buffer in
            var index = 0
            func put(_ value: Int64, width: Int) {
                var digitCount = 1
                var probe = value
                while probe >= 10 {
                    probe /= 10
                    digitCount += 1
                }
                let count = max(width, digitCount)
                var remaining = value
                var position = index + count - 1
                while position >= index {
                    buffer[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                    remaining /= 10
                    position -= 1
                }
                index += count
            }
            func putByte(_ byte: UInt8) {
                buffer[index] = byte
                index += 1
            }
            put(displayYear, width: 4)
            putByte(UInt8(ascii: "-"))
            put(Int64(month), width: 2)
            putByte(UInt8(ascii: "-"))
            put(Int64(day), width: 2)
            putByte(UInt8(ascii: " "))
            put(Int64(secondsOfDay / 3600), width: 2)
            putByte(UInt8(ascii: ":"))
            put(Int64(secondsOfDay / 60 % 60), width: 2)
            putByte(UInt8(ascii: ":"))
            put(Int64(secondsOfDay % 60), width: 2)
            putByte(UInt8(ascii: "."))
            put(Int64(fraction), width: 6)
            for byte in "+00".utf8 { putByte(byte) }
            if isBC { for byte in " BC".utf8 { putByte(byte) } }
            return index
        }
    }

    /// Parses timestamptz (or timestamp, or date) text output; nil for `infinity` or malformed text.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses timestamptz text output from raw bytes; nil for `infinity` or malformed text.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let micros = parseMicroseconds(bytes) else { return nil }
        let sinceReference = micros - referenceDateDays * microsecondsPerDay
        return Date(timeIntervalSinceReferenceDate: Double(sinceReference) / 1_000_000)
    }

    /// Floor division (rounds toward negative infinity).
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// Year (astronomical: 0 is 1 BC), month and day of a day count since 1970-01-01
    /// (H. Hinnant's civil_from_days).
    static func civil(fromDays dayCount: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = dayCount + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), Int(month), Int(day))
    }

    /// Day count since 1970-01-01 of an astronomical year, month and day (H. Hinnant's days_from_civil).
    static func days(fromYear year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
