import FoundationEssentials

/// Finding slots: field by field over civil dates (months, then days, hours, minutes), never minute by minute.
extension CronExpression {
    /// Any date pattern recurs within one 400-year Gregorian cycle (146,097 days, a whole number of weeks).
    static let searchYears = 400

    /// The first slot strictly after `date`.
    public func next(after date: Date) -> Date? {
        guard let minute = CivilCalendar.epochMinute(of: date) else { return nil }
        return searchForward(from: minute + 1).map(CivilCalendar.date(epochMinute:))
    }

    /// The latest slot at or before `date` (the slot a catch-up would fill).
    public func previous(atOrBefore date: Date) -> Date? {
        guard let minute = CivilCalendar.epochMinute(of: date) else { return nil }
        return searchBackward(from: minute).map(CivilCalendar.date(epochMinute:))
    }

    private func searchForward(from start: Int) -> Int? {
        var time = CivilMinute(epochMinute: start)
        let lastYear = time.year + Self.searchYears
        while time.year <= lastYear {
            guard months.contains(time.month) else {
                if let month = months.next(atOrAfter: time.month + 1) {
                    time.startOfMonth(month)
                } else if let first = months.next(atOrAfter: 1) {
                    time.startOfMonth(first + 12)
                } else {
                    return nil
                }
                continue
            }
            guard dayMatches(time) else {
                time.startOfNextDay()
                continue
            }
            guard let hour = hours.next(atOrAfter: time.hour) else {
                time.startOfNextDay()
                continue
            }
            if hour != time.hour {
                time.hour = hour
                time.minute = 0
            }
            if let minute = minutes.next(atOrAfter: time.minute) {
                time.minute = minute
                return time.epochMinute
            }
            if time.hour == 23 {
                time.startOfNextDay()
            } else {
                time.hour += 1
                time.minute = 0
            }
        }
        return nil
    }

    private func searchBackward(from start: Int) -> Int? {
        var time = CivilMinute(epochMinute: start)
        let firstYear = time.year - Self.searchYears
        while time.year >= firstYear {
            guard months.contains(time.month) else {
                if let month = months.previous(atOrBefore: time.month - 1), month >= 1 {
                    time.endOfMonth(month)
                } else if let last = months.previous(atOrBefore: 12) {
                    time.endOfMonth(last - 12)
                } else {
                    return nil
                }
                continue
            }
            guard dayMatches(time) else {
                time.endOfPreviousDay()
                continue
            }
            guard let hour = hours.previous(atOrBefore: time.hour) else {
                time.endOfPreviousDay()
                continue
            }
            if hour != time.hour {
                time.hour = hour
                time.minute = 59
            }
            if let minute = minutes.previous(atOrBefore: time.minute) {
                time.minute = minute
                return time.epochMinute
            }
            if time.hour == 0 {
                time.endOfPreviousDay()
            } else {
                time.hour -= 1
                time.minute = 59
            }
        }
        return nil
    }
}
