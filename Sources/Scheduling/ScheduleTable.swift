import JobEngine

/// Which jobs the embedded scheduler runs and when (from `JOBS_SCHEDULE`).
public struct ScheduleTable: Sendable {
    /// The environment variable this table comes from.
    public static let variableName = "JOBS_SCHEDULE"

    /// `default`, or the path of the crontab-style file the table was read from.
    public let source: String
    /// One entry per scheduled job, in registry order.
    public let schedules: [JobSchedule]

    /// Creates a table.
    public init(source: String, schedules: [JobSchedule]) {
        self.source = source
        self.schedules = schedules
    }

    /// The schedule of a job, nil when the job is not scheduled.
    public func schedule(for job: String) -> JobSchedule? {
        schedules.first { $0.name == job }
    }

    /// Every job on its `descriptor.defaultSchedule` (jobs with an empty default are left unscheduled).
    public static func defaults(registry: JobRegistry) throws(SchedulingError) -> ScheduleTable {
        var schedules: [JobSchedule] = []
        for job in registry.jobs where !job.descriptor.defaultSchedule.isEmpty {
            let text = job.descriptor.defaultSchedule
            do {
                let expression = try CronExpression(parsing: text)
                schedules.append(JobSchedule(descriptor: job.descriptor, expressions: [expression]))
            } catch {
                throw invalid("default schedule '\(text)' of job '\(job.descriptor.name)': \(error.description)")
            }
        }
        return ScheduleTable(source: "default", schedules: schedules)
    }

    static func invalid(_ message: String) -> SchedulingError {
        .invalidSetting(variable: variableName, message: message)
    }
}
