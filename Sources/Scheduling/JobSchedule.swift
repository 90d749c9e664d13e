import FoundationEssentials
import JobEngine

/// When one job runs: one or more cron expressions (a crontab file may give a job several lines).
public struct JobSchedule: Sendable {
    /// The job.
    public let descriptor: JobDescriptor
    /// Its expressions; a slot of any of them is a slot of the job.
    public let expressions: [CronExpression]

    /// Creates a schedule; `expressions` must not be empty.
    public init(descriptor: JobDescriptor, expressions: [CronExpression]) {
        precondition(!expressions.isEmpty, "a job schedule needs at least one expression")
        self.descriptor = descriptor
        self.expressions = expressions
    }

    /// The job's name.
    public var name: String { descriptor.name }

    /// The first slot strictly after `date`.
    public func next(after date: Date) -> Date? {
        expressions.compactMap { $0.next(after: date) }.min()
    }

    /// The latest slot at or before `date`.
    public func previous(atOrBefore date: Date) -> Date? {
        expressions.compactMap { $0.previous(atOrBefore: date) }.max()
    }

    /// The schedule's period at `slot`: the time since the slot before it (nil when there is none).
    public func interval(endingAt slot: Date) -> Duration? {
        guard let earlier = previous(atOrBefore: slot.addingTimeInterval(-60)) else { return nil }
        return .seconds(Int64(slot.timeIntervalSince(earlier).rounded()))
    }
}
