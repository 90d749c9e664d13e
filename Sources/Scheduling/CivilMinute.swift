/// A UTC civil date and time to the minute, stepped field by field by the cron search.
struct CivilMinute: Sendable, Equatable {
    /// Year (proleptic Gregorian).
    var year: Int
    /// Month, 1-12.
    var month: Int
    /// Day of the month, 1-31.
    var day: Int
    /// Hour, 0-23.
    var hour: Int
    /// Minute, 0-59.
    var minute: Int

    /// Splits whole minutes since the epoch into civil fields.
    init(epochMinute: Int) {
        let minutesPerDay = 1440
        var days = epochMinute / minutesPerDay
        var minuteOfDay = epochMinute % minutesPerDay
        if minuteOfDay < 0 {
            minuteOfDay += minutesPerDay
            days -= 1
        }
        let date = CivilCalendar.civil(days: days)
        year = date.year
        month = date.month
        day = date.day
        hour = minuteOfDay / 60
        minute = minuteOfDay % 60
    }

    /// Creates a value from its fields.
    init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    /// Whole minutes since the epoch.
    var epochMinute: Int {
        dayNumber * 1440 + hour * 60 + minute
    }

    /// Days since 1970-01-01.
    var dayNumber: Int {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    /// Days in the current month.
    var daysInMonth: Int {
        CivilCalendar.daysInMonth(year: year, month: month)
    }

    /// Moves to 00:00 of the following day.
    mutating func startOfNextDay() {
        hour = 0
        minute = 0
        day += 1
        if day > daysInMonth {
            day = 1
            startOfMonth(month + 1)
        }
    }

    /// Moves to 23:59 of the preceding day.
    mutating func endOfPreviousDay() {
        hour = 23
        minute = 59
        day -= 1
        if day < 1 {
            endOfMonth(month - 1)
        }
    }

    /// Moves to 00:00 on the first of `month` (13 means January of the next year).
    mutating func startOfMonth(_ month: Int) {
        if month > 12 {
            year += 1
            self.month = month - 12
        } else {
            self.month = month
        }
        day = 1
        hour = 0
        minute = 0
    }

    /// Moves to 23:59 on the last day of `month` (0 means December of the previous year).
    mutating func endOfMonth(_ month: Int) {
        if month < 1 {
            year -= 1
            self.month = month + 12
        } else {
            self.month = month
        }
        day = daysInMonth
        hour = 23
        minute = 59
    }
}
