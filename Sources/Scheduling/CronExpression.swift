import FoundationEssentials

/// A standard five-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC.
///
/// Accepted forms per field: `*`, numbers, ranges `a-b`, lists `a,b`, steps `*/n`, `a-b/n` and `a/n`;
/// month names JAN-DEC and day names SUN-SAT (any case); 0 and 7 are both Sunday; and the aliases
/// `@hourly @daily @midnight @weekly @monthly @yearly @annually`. As in Vixie cron, when both
/// day-of-month and day-of-week are restricted (neither starts with `*`) a day matches if either
/// matches; otherwise both must. Unlike Vixie cron, an expression that can never fire (`0 0 30 2 *`) is
/// rejected when parsed.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written, with runs of blanks reduced to one space.
    public let source: String
    /// Allowed minutes, 0-59.
    let minutes: CronBits
    /// Allowed hours, 0-23.
    let hours: CronBits
    /// Allowed days of the month, 1-31.
    let daysOfMonth: CronBits
    /// Allowed months, 1-12.
    let months: CronBits
    /// Allowed days of the week, 0-6 (0 = Sunday; a written 7 is stored as 0).
    let daysOfWeek: CronBits
    /// Day-of-month is `*`-based, so days are matched by day-of-week alone (AND rule).
    let dayOfMonthIsStar: Bool
    /// Day-of-week is `*`-based, so days are matched by day-of-month alone (AND rule).
    let dayOfWeekIsStar: Bool

    /// The supported `@` aliases and the expressions they stand for.
    public static let aliases: [String: String] = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]

    /// Parses an expression once; the error names the field, e.g. `minute: 61 is out of range 0-59`.
    public init(parsing text: String) throws(SchedulingError) {
        var fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        source = fields.joined(separator: " ")
        if fields.count == 1, fields[0].hasPrefix("@") {
            guard let expansion = Self.aliases[fields[0].lowercased()] else {
                throw .invalidExpression(
                    "unknown alias '\(fields[0])' (use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually)")
            }
            fields = expansion.split(separator: " ")
        }
        guard !fields.isEmpty else { throw .invalidExpression("empty cron expression") }
        guard fields.count == 5 else {
            throw .invalidExpression(
                "expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        minutes = try CronField.minute.parse(fields[0])
        hours = try CronField.hour.parse(fields[1])
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2])
        months = try CronField.month.parse(fields[3])
        daysOfWeek = try CronField.dayOfWeek.parse(fields[4])
        dayOfMonthIsStar = fields[2].hasPrefix("*")
        dayOfWeekIsStar = fields[4].hasPrefix("*")
        try checkSomeDayExists(dayOfMonthText: fields[2])
    }

    /// The text as written.
    public var description: String { source }

    /// Whether `date`'s minute is a slot of this expression.
    public func matches(_ date: Date) -> Bool {
        guard let minute = CivilCalendar.epochMinute(of: date) else { return false }
        let time = CivilMinute(epochMinute: minute)
        return months.contains(time.month) && dayMatches(time) && hours.contains(time.hour)
            && minutes.contains(time.minute)
    }

    /// The day rule: both fields when either is `*`-based, else either field.
    func dayMatches(_ time: CivilMinute) -> Bool {
        let byMonthDay = daysOfMonth.contains(time.day)
        let byWeekday = daysOfWeek.contains(CivilCalendar.weekday(days: time.dayNumber))
        return dayOfMonthIsStar || dayOfWeekIsStar ? byMonthDay && byWeekday : byMonthDay || byWeekday
    }

    /// Rejects an expression that can never fire, such as `0 0 30 2 *`, instead of waiting forever.
    private func checkSomeDayExists(dayOfMonthText: Substring) throws(SchedulingError) {
        // With a restricted day-of-week (OR rule, or AND with `*`-based day-of-month) some weekday always exists.
        guard dayOfWeekIsStar, !dayOfMonthIsStar, let earliest = daysOfMonth.next(atOrAfter: 1) else { return }
        let longest = months.values.map { CivilCalendar.daysInMonth(year: 2000, month: $0) }.max() ?? 0
        if earliest > longest {
            throw .invalidExpression("day-of-month: \(dayOfMonthText) never occurs in the selected months")
        }
    }
}
