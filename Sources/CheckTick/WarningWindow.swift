import FoundationEssentials

/// One deletion-warning window (30, 7 or 1 days) and the time bands it selects.
struct WarningWindow: Sendable, Equatable {
    /// CheckTick's hard-coded `WARNING_DAYS`, in print order.
    static let all: [WarningWindow] = [
        WarningWindow(days: 30, nearerDays: 7), WarningWindow(days: 7, nearerDays: 1), WarningWindow(days: 1, nearerDays: nil),
    ]
    /// Half the width of CheckTick's window (±12 h).
    static let halfWidth: TimeInterval = 12 * 3600
    /// Seconds per day.
    static let day: TimeInterval = 86_400

    /// The window in days.
    let days: Int
    /// The next nearer window's days; nil for the last window.
    let nearerDays: Int?

    /// Bounds for a run at `now` whose ledger epoch is `epoch`.
    func bounds(now: Date, epoch: Date) -> Bounds {
        let target = now.addingTimeInterval(Double(days) * Self.day)
        let lower = nearerDays.map { now.addingTimeInterval(Double($0) * Self.day + Self.halfWidth) } ?? now
        return Bounds(
            bandLower: lower,
            bandUpper: target.addingTimeInterval(Self.halfWidth),
            exactLower: target.addingTimeInterval(-Self.halfWidth),
            exactUpper: target.addingTimeInterval(Self.halfWidth),
            catchUpFrom: epoch.addingTimeInterval(Double(days) * Self.day + Self.halfWidth))
    }

    /// Subject urgency: `URGENT` (≤ 1 day), `Important` (≤ 7), else `Notice`.
    var urgency: String { days <= 1 ? "URGENT" : days <= 7 ? "Important" : "Notice" }

    /// Body timeframe: `today`, `tomorrow` or `in N days`.
    var timeframe: String { days == 0 ? "today" : days <= 1 ? "tomorrow" : "in \(days) days" }

    /// CheckTick's subject line.
    var subject: String { "\(urgency): Survey Data Deletion Warning - \(days) days remaining" }

    /// The time limits of one selection.
    struct Bounds: Sendable, Equatable {
        /// The band starts after this (exclusive): the nearer window's reach, or now.
        let bandLower: Date
        /// The band ends here (inclusive): days + 12 h from now.
        let bandUpper: Date
        /// CheckTick's rule: deletion date within days ± 12 h (inclusive).
        let exactLower: Date
        /// Upper end of CheckTick's rule.
        let exactUpper: Date
        /// Catch-up applies when the deletion date is at least this (the band opened after the epoch).
        let catchUpFrom: Date
    }
}
