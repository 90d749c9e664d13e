import FoundationEssentials

/// A UTC instant broken into calendar fields, printed the way CheckTick's Python prints datetimes.
struct PythonTime: Sendable, Equatable {
    /// Calendar year.
    let year: Int
    /// Month, 1–12.
    let month: Int
    /// Day of the month, 1–31.
    let day: Int
    /// Hour, 0–23.
    let hour: Int
    /// Minute, 0–59.
    let minute: Int
    /// Second, 0–59.
    let second: Int
    /// Microsecond, 0–999999.
    let microsecond: Int

    /// English month names for `%B`.
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// Splits `date` (rounded to the microsecond, like PostgreSQL and Python) into UTC fields.
    init(_ date: Date) {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let civilDay = doy - (153 * mp + 2) / 5 + 1
        let civilMonth = mp < 10 ? mp + 3 : mp - 9
        year = Int(yoe + era * 400 + (civilMonth <= 2 ? 1 : 0))
        month = Int(civilMonth)
        day = Int(civilDay)
        let seconds = Int(rest / 1_000_000)
        microsecond = Int(rest % 1_000_000)
        hour = seconds / 3600
        minute = seconds / 60 % 60
        second = seconds % 60
    }

    /// Python's `str(datetime)` for an aware UTC value: `2024-10-26 02:00:00.123456+00:00`
    /// (the fraction is omitted when it is zero, as Python does).
    var pythonString: String {
        var text = "\(pad(year, 4))-\(pad(month))-\(pad(day)) \(pad(hour)):\(pad(minute)):\(pad(second))"
        if microsecond != 0 { text += "." + pad(microsecond, 6) }
        return text + "+00:00"
    }

    /// Python's `isoformat()` for an aware UTC value: `2024-10-26T02:00:00.123456+00:00`.
    var isoString: String {
        var text = "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(hour)):\(pad(minute)):\(pad(second))"
        if microsecond != 0 { text += "." + pad(microsecond, 6) }
        return text + "+00:00"
    }

    /// `%B %d, %Y`, e.g. `March 05, 2026`.
    var longDate: String {
        "\(Self.monthNames[month - 1]) \(pad(day)), \(year)"
    }

    /// `%B %d, %Y at %I:%M %p`, e.g. `March 05, 2026 at 02:00 AM`.
    var longDateTime: String {
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        return "\(longDate) at \(pad(twelve)):\(pad(minute)) \(hour < 12 ? "AM" : "PM")"
    }

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Date {
    /// Python's `str(datetime)` of this instant in UTC.
    var pythonString: String { PythonTime(self).pythonString }
}
