import Foundation
import Testing

@testable import Scheduling

@Suite("Cron expressions: parsing")
struct CronExpressionParsingTests {
    /// (expression, field index 0-4, expected allowed values)
    static let fieldCases: [(String, Int, [Int])] = [
        ("* * * * *", 0, Array(0...59)),
        ("* * * * *", 1, Array(0...23)),
        ("* * * * *", 2, Array(1...31)),
        ("* * * * *", 3, Array(1...12)),
        ("* * * * *", 4, Array(0...6)),
        ("7 * * * *", 0, [7]),
        ("1-5 * * * *", 0, [1, 2, 3, 4, 5]),
        ("1,3,59 * * * *", 0, [1, 3, 59]),
        ("*/5 * * * *", 0, [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]),
        ("*/15 * * * *", 0, [0, 15, 30, 45]),
        ("10-30/10 * * * *", 0, [10, 20, 30]),
        ("50/5 * * * *", 0, [50, 55]),
        ("0 9-17/4 * * *", 1, [9, 13, 17]),
        ("0 0,12 * * *", 1, [0, 12]),
        ("0 0 1,15 * *", 2, [1, 15]),
        ("0 0 */10 * *", 2, [1, 11, 21, 31]),
        ("0 0 * JAN-MAR *", 3, [1, 2, 3]),
        ("0 0 * jan,Dec *", 3, [1, 12]),
        ("0 0 * Jun-aug/2 *", 3, [6, 8]),
        ("0 0 * */3 *", 3, [1, 4, 7, 10]),
        ("0 0 * * MON-FRI", 4, [1, 2, 3, 4, 5]),
        ("0 0 * * sun", 4, [0]),
        ("0 0 * * 7", 4, [0]),
        ("0 0 * * 0,7", 4, [0]),
        ("0 0 * * 5-7", 4, [0, 5, 6]),
        ("0 0 * * FRI-SAT", 4, [5, 6]),
        ("0 0 * * */2", 4, [0, 2, 4, 6]),
        ("0 0 * * 1/2", 4, [1, 3, 5]),
        ("0 0 * * MON,wed,Fri", 4, [1, 3, 5]),
        ("1-3,7,20-22 * * * *", 0, [1, 2, 3, 7, 20, 21, 22]),
        ("  0\t2  *  *  * ", 1, [2]),
    ]

    @Test(arguments: fieldCases)
    func parsesEveryFieldForm(expression: String, field: Int, expected: [Int]) throws {
        let cron = try CronExpression(parsing: expression)
        let fields = [cron.minutes, cron.hours, cron.daysOfMonth, cron.months, cron.daysOfWeek]
        #expect(fields[field].values == expected, "\(expression) field \(field)")
    }

    static let aliasCases: [(String, String)] = [
        ("@hourly", "0 * * * *"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@weekly", "0 0 * * 0"),
        ("@monthly", "0 0 1 * *"), ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@DAILY", "0 0 * * *"),
    ]

    @Test(arguments: aliasCases)
    func expandsAliases(alias: String, expansion: String) throws {
        let aliased = try CronExpression(parsing: alias)
        let plain = try CronExpression(parsing: expansion)
        #expect([aliased.minutes, aliased.hours, aliased.daysOfMonth, aliased.months, aliased.daysOfWeek]
            == [plain.minutes, plain.hours, plain.daysOfMonth, plain.months, plain.daysOfWeek])
        #expect(aliased.dayOfMonthIsStar == plain.dayOfMonthIsStar && aliased.dayOfWeekIsStar == plain.dayOfWeekIsStar)
        #expect(aliased.description == alias)
    }

    /// DESIGN §8's six default schedules.
    static let designSchedules = ["0 2 * * *", "0 3 * * *", "0 4 * * *", "0 5 * * 0", "0 6 * * *", "*/5 * * * *"]

    @Test(arguments: designSchedules)
    func parsesTheDesignSchedules(expression: String) throws {
        let cron = try CronExpression(parsing: expression)
        #expect(cron.description == expression)
    }

    static let invalidCases: [(String, String)] = [
        ("61 * * * *", "minute: 61 is out of range 0-59"),
        ("* 24 * * *", "hour: 24 is out of range 0-23"),
        ("* * 0 * *", "day-of-month: 0 is out of range 1-31"),
        ("* * 32 * *", "day-of-month: 32 is out of range 1-31"),
        ("* * * 13 *", "month: 13 is out of range 1-12"),
        ("* * * 0 *", "month: 0 is out of range 1-12"),
        ("* * * * 8", "day-of-week: 8 is out of range 0-7"),
        ("99999999999999999999 * * * *", "minute: 99999999999999999999 is out of range 0-59"),
        ("* * * FOO *", "month: 'FOO' is not a number or a name JAN-DEC"),
        ("* * * * MONDAY", "day-of-week: 'MONDAY' is not a number or a name SUN-SAT"),
        ("x * * * *", "minute: 'x' is not a number"),
        ("* MON * * *", "hour: 'MON' is not a number"),
        ("*/0 * * * *", "minute: step 0 is out of range 1-59"),
        ("*/60 * * * *", "minute: step 60 is out of range 1-59"),
        ("0 */24 * * *", "hour: step 24 is out of range 1-23"),
        ("0 0 * * */7", "day-of-week: step 7 is out of range 1-6"),
        ("*/a * * * *", "minute: step 'a' is not a number"),
        ("*/ * * * *", "minute: step '' is not a number"),
        ("*/2/3 * * * *", "minute: '*/2/3' has more than one step"),
        ("/5 * * * *", "minute: '/5' has no value before the step"),
        ("5-1 * * * *", "minute: range '5-1' runs backwards"),
        ("0 0 * * FRI-MON", "day-of-week: range 'FRI-MON' runs backwards"),
        ("-1 * * * *", "minute: '-1' is not a number or a range"),
        ("1- * * * *", "minute: '1-' is not a number or a range"),
        ("1,,2 * * * *", "minute: empty item in list '1,,2'"),
        ("1, * * * *", "minute: empty item in list '1,'"),
        ("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4"),
        ("0 0 * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 6"),
        ("", "empty cron expression"),
        ("   ", "empty cron expression"),
        ("@reboot", "unknown alias '@reboot' (use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually)"),
        ("@daily 5", "expected 5 fields (minute hour day-of-month month day-of-week), found 2"),
        ("0 0 30 2 *", "day-of-month: 30 never occurs in the selected months"),
        ("0 0 31 4,6,9,11 *", "day-of-month: 31 never occurs in the selected months"),
    ]

    @Test(arguments: invalidCases)
    func rejectsInvalidExpressionsNamingTheField(expression: String, message: String) {
        #expect(throws: SchedulingError.invalidExpression(message)) { try CronExpression(parsing: expression) }
    }

    @Test func acceptsDayThirtyWhenSomeSelectedMonthHasIt() throws {
        _ = try CronExpression(parsing: "0 0 30 1-2 *")
        _ = try CronExpression(parsing: "0 0 29 2 *")
        // With a restricted day-of-week the OR rule still fires on weekdays.
        _ = try CronExpression(parsing: "0 0 30 2 MON")
    }

    @Test func recordsWhetherTheDayFieldsAreRestricted() throws {
        let both = try CronExpression(parsing: "0 0 13 * 5")
        #expect(!both.dayOfMonthIsStar && !both.dayOfWeekIsStar)
        let steppedStar = try CronExpression(parsing: "0 0 */2 * MON")
        #expect(steppedStar.dayOfMonthIsStar && !steppedStar.dayOfWeekIsStar)
    }
}
