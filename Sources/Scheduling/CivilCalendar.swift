import FoundationEssentials

/// Proleptic Gregorian calendar arithmetic in UTC on whole minutes since the Unix epoch
/// (Howard Hinnant's `days_from_civil` / `civil_from_days`), so cron search needs no Foundation Calendar.
enum CivilCalendar {
    /// Days since 1970-01-01 of a civil date (`month` 1-12, `day` 1-31).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Day of the week of a day count since 1970-01-01 (0 = Sunday; the epoch was a Thursday).
    static func weekday(days: Int) -> Int {
        let remainder = (days + 4) % 7
        return remainder < 0 ? remainder + 7 : remainder
    }

    /// Whether `year` has a 29 February.
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days of a month (`month` 1-12).
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whole minutes since the epoch, rounded down; nil for dates too far out to be a schedule slot.
    static func epochMinute(of date: Date) -> Int? {
        let seconds = date.timeIntervalSince1970
        // ±10^13 s is about ±300,000 years: far beyond any schedule, far within Int and Double precision.
        guard seconds.isFinite, abs(seconds) < 1e13 else { return nil }
        return Int((seconds / 60).rounded(.down))
    }

    /// The instant at the start of a minute since the epoch.
    static func date(epochMinute: Int) -> Date {
        Date(timeIntervalSince1970: Double(epochMinute) * 60)
    }
}
