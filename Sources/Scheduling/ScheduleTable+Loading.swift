import FoundationEssentials
import JobEngine

/// Reading `JOBS_SCHEDULE`: `off`, `default`, or a crontab-style file.
extension ScheduleTable {
    /// Largest schedule file read (a crontab for a handful of jobs is a few hundred bytes).
    public static let maxFileBytes = 64 * 1024

    /// The table for a `JOBS_SCHEDULE` value: nil for `off` (or empty), every default for `default`,
    /// otherwise the crontab-style file at that path. Errors read `JOBS_SCHEDULE: …`.
    public static func load(setting: String, registry: JobRegistry) throws(SchedulingError) -> ScheduleTable? {
        let value = setting.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
        switch value.lowercased() {
        case "", "off": return nil
        case "default": return try defaults(registry: registry)
        default: break
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: value))
        } catch {
            throw invalid("cannot read the schedule file '\(value)' (expected off, default or a crontab-style file)")
        }
        guard data.count <= maxFileBytes else {
            throw invalid("the schedule file '\(value)' is larger than \(maxFileBytes) bytes")
        }
        return try parse(crontab: String(decoding: data, as: UTF8.self), path: value, registry: registry)
    }

    /// Parses a crontab-style file: `<cron expression> <job name>` per line, `#` comments and blank lines
    /// ignored; a job may have several lines. Errors name the file and the line.
    public static func parse(crontab text: String, path: String, registry: JobRegistry) throws(SchedulingError)
        -> ScheduleTable
    {
        var expressions: [String: [CronExpression]] = [:]
        // `isNewline` also splits "\r\n", which Swift treats as one Character.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, rawLine) in lines.enumerated() {
            let place = "\(path) line \(index + 1)"
            let content = rawLine.prefix { $0 != "#" }
            let tokens = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard !tokens.isEmpty else { continue }
            let fieldCount = tokens[0].hasPrefix("@") ? 1 : 5
            guard tokens.count > fieldCount else {
                throw invalid("\(place): expected '<cron expression> <job name>' (5 fields or an @alias, then the job)")
            }
            guard tokens.count == fieldCount + 1 else {
                let extra = tokens[(fieldCount + 1)...].joined(separator: " ")
                throw invalid("\(place): unexpected text after the job name: '\(extra.prefix(80))'")
            }
            let name = String(tokens[fieldCount])
            guard registry.job(named: name) != nil else {
                throw invalid("\(place): unknown job '\(name.prefix(64))' (known: \(registry.names.joined(separator: ", ")))")
            }
            let expression: CronExpression
            do {
                expression = try CronExpression(parsing: tokens[..<fieldCount].joined(separator: " "))
            } catch {
                throw invalid("\(place): \(error.description)")
            }
            if !(expressions[name]?.contains(expression) ?? false) {
                expressions[name, default: []].append(expression)
            }
        }
        let schedules = registry.jobs.compactMap { job -> JobSchedule? in
            expressions[job.descriptor.name].map { JobSchedule(descriptor: job.descriptor, expressions: $0) }
        }
        return ScheduleTable(source: path, schedules: schedules)
    }
}
