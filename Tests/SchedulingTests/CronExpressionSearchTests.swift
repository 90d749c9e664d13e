import Foundation
import Testing

@testable import Scheduling

@Suite("Cron expressions: next and previous slots")
struct CronExpressionSearchTests {
    struct Case: Sendable, CustomStringConvertible {
        let expression: String
        let from: Date
        let next: Date
        let previous: Date
        var description: String { "\(expression) from \(from)" }
    }

    static let cases: [Case] = [
        // every five minutes, including a year rollover and a partial minute
        Case(expression: "*/5 * * * *", from: utc(2026, 1, 1, 0, 3, 30), next: utc(2026, 1, 1, 0, 5),
             previous: utc(2026, 1, 1, 0, 0)),
        Case(expression: "*/5 * * * *", from: utc(2026, 12, 31, 23, 58), next: utc(2027, 1, 1, 0, 0),
             previous: utc(2026, 12, 31, 23, 55)),
        Case(expression: "*/5 * * * *", from: utc(2026, 1, 1, 0, 5), next: utc(2026, 1, 1, 0, 10),
             previous: utc(2026, 1, 1, 0, 5)),
        // the design's daily and weekly schedules (2026-01-04 is a Sunday)
        Case(expression: "0 2 * * *", from: utc(2026, 3, 1, 2, 0, 1), next: utc(2026, 3, 2, 2, 0),
             previous: utc(2026, 3, 1, 2, 0)),
        Case(expression: "0 5 * * 0", from: utc(2026, 1, 7, 12), next: utc(2026, 1, 11, 5),
             previous: utc(2026, 1, 4, 5)),
        Case(expression: "0 5 * * 7", from: utc(2026, 1, 7, 12), next: utc(2026, 1, 11, 5),
             previous: utc(2026, 1, 4, 5)),
        // 29 February: leap years only, and 2100 is not one
        Case(expression: "0 0 29 2 *", from: utc(2026, 3, 1), next: utc(2028, 2, 29), previous: utc(2024, 2, 29)),
        Case(expression: "0 0 29 2 *", from: utc(2096, 3, 1), next: utc(2104, 2, 29), previous: utc(2096, 2, 29)),
        // month ends: the 31st skips 30-day months; the 30th skips February
        Case(expression: "0 0 31 * *", from: utc(2026, 4, 1), next: utc(2026, 5, 31), previous: utc(2026, 3, 31)),
        Case(expression: "30 12 30 * *", from: utc(2026, 2, 1), next: utc(2026, 3, 30, 12, 30),
             previous: utc(2026, 1, 30, 12, 30)),
        Case(expression: "59 23 31 12 *", from: utc(2026, 12, 31, 23, 59), next: utc(2027, 12, 31, 23, 59),
             previous: utc(2026, 12, 31, 23, 59)),
        Case(expression: "@yearly", from: utc(2026, 6, 15), next: utc(2027, 1, 1), previous: utc(2026, 1, 1)),
        Case(expression: "@monthly", from: utc(2026, 12, 15), next: utc(2027, 1, 1), previous: utc(2026, 12, 1)),
        // OR rule: the 13th or any Friday (2026-02-06 and 2026-02-13 are Fridays; 2026-01-13 a Tuesday)
        Case(expression: "0 0 13 * FRI", from: utc(2026, 1, 10), next: utc(2026, 1, 13), previous: utc(2026, 1, 9)),
        Case(expression: "0 0 13 * FRI", from: utc(2026, 2, 1), next: utc(2026, 2, 6), previous: utc(2026, 1, 30)),
        // AND rule: `*`-based day-of-month (odd days) and Mondays (2026-01-05 odd Monday, 2026-01-19 odd Monday)
        Case(expression: "0 0 */2 * MON", from: utc(2026, 1, 6), next: utc(2026, 1, 19), previous: utc(2026, 1, 5)),
        // hours and minutes lists crossing midnight
        Case(expression: "15,45 9-17/4 * * MON-FRI", from: utc(2026, 1, 2, 17, 46), next: utc(2026, 1, 5, 9, 15),
             previous: utc(2026, 1, 2, 17, 45)),
        // before the Unix epoch
        Case(expression: "0 0 * * *", from: utc(1969, 12, 31, 23, 59, 30), next: utc(1970, 1, 1),
             previous: utc(1969, 12, 31)),
    ]

    @Test(arguments: cases)
    func findsTheNextAndPreviousSlot(_ testCase: Case) throws {
        let cron = try CronExpression(parsing: testCase.expression)
        #expect(cron.next(after: testCase.from) == testCase.next)
        #expect(cron.previous(atOrBefore: testCase.from) == testCase.previous)
        #expect(cron.matches(testCase.next) && cron.matches(testCase.previous))
    }

    @Test func nextIsStrictlyAfterAndPreviousIncludesTheInstant() throws {
        let cron = try CronExpression(parsing: "0 * * * *")
        let slot = utc(2026, 5, 5, 10)
        #expect(cron.next(after: slot) == utc(2026, 5, 5, 11))
        #expect(cron.previous(atOrBefore: slot) == slot)
        #expect(cron.previous(atOrBefore: slot.addingTimeInterval(-0.001)) == utc(2026, 5, 5, 9))
        #expect(cron.next(after: slot.addingTimeInterval(-0.001)) == slot)
    }

    @Test func matchesAppliesTheDayRules() throws {
        let either = try CronExpression(parsing: "0 0 13 * 5")
        #expect(either.matches(utc(2026, 1, 13)))  // Tuesday the 13th
        #expect(either.matches(utc(2026, 1, 16)))  // Friday the 16th
        #expect(!either.matches(utc(2026, 1, 14)))
        let both = try CronExpression(parsing: "0 0 */2 * 1")
        #expect(both.matches(utc(2026, 1, 5)))  // Monday, odd day
        #expect(!both.matches(utc(2026, 1, 12)))  // Monday, even day
        #expect(!both.matches(utc(2026, 1, 3)))  // Saturday, odd day
        let sunday = try CronExpression(parsing: "0 0 * * 0")
        let seven = try CronExpression(parsing: "0 0 * * 7")
        #expect(sunday.matches(utc(2026, 1, 4)) && seven.matches(utc(2026, 1, 4)) && !seven.matches(utc(2026, 1, 5)))
    }

    static let roundTripExpressions = [
        "*/5 * * * *", "0 2 * * *", "0 5 * * 0", "0 0 29 2 *", "0 0 13 * FRI", "0 0 */2 * MON", "7,37 */3 1-10 */2 *",
        "0 0 31 * *", "59 23 * * SAT", "0 12 1 1,7 *", "*/7 2-4 * * 1-5", "0 6 28-31 * *",
    ]

    /// The search agrees with itself: `previous(next(d)) == next(d)`, `next(previous(d)) == next(d)`, and no
    /// minute strictly between `previous(d)` and `next(d)` matches (checked minute by minute over short gaps).
    @Test(arguments: roundTripExpressions)
    func nextAndPreviousRoundTrip(expression: String) throws {
        let cron = try CronExpression(parsing: expression)
        var generator = SplitMix(seed: expression.utf8.reduce(17) { $0 &* 31 &+ UInt64($1) })
        for _ in 0..<200 {
            // random instants between 1990 and 2090, at any second
            let date = Date(timeIntervalSince1970: 631_152_000 + Double(generator.next() % 3_155_760_000))
            let next = try #require(cron.next(after: date))
            let previous = try #require(cron.previous(atOrBefore: date))
            #expect(next > date && previous <= date)
            #expect(cron.matches(next) && cron.matches(previous))
            #expect(cron.previous(atOrBefore: next) == next)
            #expect(cron.next(after: previous) == next, "\(expression) at \(date)")
            let gapMinutes = Int(next.timeIntervalSince(previous) / 60)
            if gapMinutes <= 3 * 1440 {
                for step in 1..<gapMinutes {
                    #expect(!cron.matches(previous.addingTimeInterval(Double(step) * 60)))
                }
            }
        }
    }

    @Test func leapDaySearchIsFast() throws {
        let cron = try CronExpression(parsing: "0 0 29 2 *")
        let clock = ContinuousClock()
        var date = utc(2001, 1, 1)
        let elapsed = clock.measure {
            for _ in 0..<200 {
                date = cron.next(after: date)!
            }
        }
        #expect(date > utc(2800, 1, 1) && cron.matches(date))
        #expect(elapsed < .seconds(2), "200 leap-day searches took \(elapsed)")
        let back = clock.measure { _ = cron.previous(atOrBefore: utc(2103, 1, 1)) }
        #expect(cron.previous(atOrBefore: utc(2103, 1, 1)) == utc(2096, 2, 29))
        #expect(back < .milliseconds(100))
    }

    @Test func civilCalendarAgreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SplitMix(seed: 42)
        for _ in 0..<2000 {
            let days = Int(generator.next() % 280_000) - 130_000  // 1614 to 2380 (Foundation is Julian before 1582)
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let components = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let civil = CivilCalendar.civil(days: days)
            #expect(civil.year == components.year && civil.month == components.month && civil.day == components.day)
            #expect(CivilCalendar.days(year: civil.year, month: civil.month, day: civil.day) == days)
            #expect(CivilCalendar.weekday(days: days) == components.weekday! - 1)
        }
        #expect(CivilCalendar.daysInMonth(year: 2100, month: 2) == 28)
        #expect(CivilCalendar.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CivilCalendar.daysInMonth(year: 2026, month: 4) == 30)
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
