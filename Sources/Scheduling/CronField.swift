/// One of the five fields of a cron expression: its name in messages, its range and its value names.
struct CronField: Sendable {
    /// Name used in error messages (`minute`, `day-of-month`, …).
    let name: String
    /// Smallest value.
    let lower: Int
    /// Largest value accepted when written (day-of-week accepts 7 for Sunday).
    let upper: Int
    /// Largest value `*` stands for (day-of-week: 6, so `*/n` never yields the duplicate Sunday 7).
    let starUpper: Int
    /// Three-letter names of `lower`, `lower + 1`, … (months and days of the week).
    let names: [String]

    /// 0-59.
    static let minute = CronField(name: "minute", lower: 0, upper: 59, starUpper: 59, names: [])
    /// 0-23.
    static let hour = CronField(name: "hour", lower: 0, upper: 23, starUpper: 23, names: [])
    /// 1-31.
    static let dayOfMonth = CronField(name: "day-of-month", lower: 1, upper: 31, starUpper: 31, names: [])
    /// 1-12 or JAN-DEC.
    static let month = CronField(
        name: "month", lower: 1, upper: 12, starUpper: 12,
        names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
    /// 0-7 (0 and 7 are Sunday) or SUN-SAT.
    static let dayOfWeek = CronField(
        name: "day-of-week", lower: 0, upper: 7, starUpper: 6,
        names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])

    /// Parses the field's text: `*`, `n`, `a-b`, lists `a,b`, steps `*/n`, `a-b/n` and `a/n` (a through the end).
    func parse(_ text: Substring) throws(SchedulingError) -> CronBits {
        var bits = CronBits()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw failure("empty item in list '\(text)'") }
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw failure("'\(item)' has more than one step") }
            let step = parts.count == 2 ? try parseStep(parts[1]) : 1
            let base = parts[0]
            guard !base.isEmpty else { throw failure("'\(item)' has no value before the step") }
            let low: Int
            let high: Int
            if base == "*" {
                (low, high) = (lower, starUpper)
            } else if let dash = base.firstIndex(of: "-") {
                let start = base[..<dash]
                let end = base[base.index(after: dash)...]
                guard !start.isEmpty, !end.isEmpty else { throw failure("'\(base)' is not a number or a range") }
                low = try value(start)
                high = try value(end)
                guard low <= high else { throw failure("range '\(base)' runs backwards") }
            } else {
                low = try value(base)
                high = parts.count == 2 ? max(low, starUpper) : low
            }
            for allowed in stride(from: low, through: high, by: step) {
                bits.insert(allowed)
            }
        }
        if upper == 7, bits.contains(7) {
            bits.remove(7)
            bits.insert(0)
        }
        return bits
    }

    private func parseStep(_ text: Substring) throws(SchedulingError) -> Int {
        let largest = starUpper - lower
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw failure("step '\(text)' is not a number")
        }
        guard let step = Int(text), step >= 1, step <= largest else {
            throw failure("step \(text) is out of range 1-\(largest)")
        }
        return step
    }

    private func value(_ text: Substring) throws(SchedulingError) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let number = Int(text), number >= lower, number <= upper else {
                throw failure("\(text) is out of range \(lower)-\(upper)")
            }
            return number
        }
        if !names.isEmpty {
            if let index = names.firstIndex(of: text.uppercased()) { return lower + index }
            throw failure("'\(text)' is not a number or a name \(names[0])-\(names[names.count - 1])")
        }
        throw failure("'\(text)' is not a number")
    }

    private func failure(_ message: String) -> SchedulingError {
        .invalidExpression("\(name): \(message)")
    }
}
