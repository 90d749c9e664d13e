import Foundation
import JobEngine
import Testing

@testable import Scheduling

@Suite("Schedule table: JOBS_SCHEDULE")
final class ScheduleTableTests {
    /// This test's own temporary folder, removed when the test ends.
    let directory = NSTemporaryDirectory() + "sched-tests-" + UUID().uuidString

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    static let registry = JobRegistry([
        ScriptedJob("process_data_governance", schedule: "0 2 * * *"),
        ScriptedJob("sync_nhs_dd_datasets", schedule: "0 5 * * 0"),
        ScriptedJob("process_recovery_time_delays", schedule: "*/5 * * * *"),
        ScriptedJob("manual_only", schedule: ""),
    ])

    @Test(arguments: ["off", "OFF", "", "  off  "])
    func offMeansNoScheduler(setting: String) throws {
        #expect(try ScheduleTable.load(setting: setting, registry: Self.registry) == nil)
    }

    @Test func defaultUsesEachJobsDefaultSchedule() throws {
        let table = try #require(try ScheduleTable.load(setting: "default", registry: Self.registry))
        #expect(table.source == "default")
        #expect(table.schedules.map(\.name) == ["process_data_governance", "sync_nhs_dd_datasets", "process_recovery_time_delays"])
        #expect(table.schedule(for: "sync_nhs_dd_datasets")?.expressions.map(\.description) == ["0 5 * * 0"])
        #expect(table.schedule(for: "manual_only") == nil)
    }

    @Test func defaultRejectsAnInvalidDefaultSchedule() {
        let registry = JobRegistry([ScriptedJob("broken", schedule: "61 * * * *")])
        #expect(throws: SchedulingError.invalidSetting(
            variable: "JOBS_SCHEDULE", message: "default schedule '61 * * * *' of job 'broken': minute: 61 is out of range 0-59"
        )) { try ScheduleTable.load(setting: "default", registry: registry) }
        let error = SchedulingError.invalidSetting(variable: "JOBS_SCHEDULE", message: "x")
        #expect(error.description == "JOBS_SCHEDULE: x")
    }

    @Test func readsACrontabStyleFile() throws {
        let path = try writeTemporary("""
            # nightly governance
            0 2 * * *   process_data_governance

            \t*/5 * * * *\tprocess_recovery_time_delays   # every five minutes
            @weekly sync_nhs_dd_datasets\r
            30 14 * * MON-FRI process_data_governance
            0 2 * * * process_data_governance
            """)
        let table = try #require(try ScheduleTable.load(setting: path, registry: Self.registry))
        #expect(table.source == path)
        #expect(table.schedules.map(\.name) == ["process_data_governance", "sync_nhs_dd_datasets", "process_recovery_time_delays"])
        let governance = try #require(table.schedule(for: "process_data_governance"))
        #expect(governance.expressions.map(\.description) == ["0 2 * * *", "30 14 * * MON-FRI"])
        // a job with two lines runs at the slots of both (2026-01-05 is a Monday)
        #expect(governance.next(after: utc(2026, 1, 5, 3)) == utc(2026, 1, 5, 14, 30))
        #expect(governance.next(after: utc(2026, 1, 5, 15)) == utc(2026, 1, 6, 2))
        #expect(governance.previous(atOrBefore: utc(2026, 1, 5, 15)) == utc(2026, 1, 5, 14, 30))
        #expect(governance.interval(endingAt: utc(2026, 1, 5, 14, 30)) == .seconds(12 * 3600 + 1800))
        #expect(table.schedule(for: "sync_nhs_dd_datasets")?.expressions.map(\.description) == ["@weekly"])
    }

    @Test func anEmptyFileSchedulesNothing() throws {
        let path = try writeTemporary("# nothing scheduled yet\n\n")
        let table = try #require(try ScheduleTable.load(setting: path, registry: Self.registry))
        #expect(table.schedules.isEmpty)
    }

    static let fileErrors: [(String, String)] = [
        ("0 2 * * * process_data_governance\n0 2 * * * nope\n", "line 2: unknown job 'nope' (known: process_data_governance, sync_nhs_dd_datasets, process_recovery_time_delays, manual_only)"),
        ("# ok\n0 24 * * * process_data_governance\n", "line 2: hour: 24 is out of range 0-23"),
        ("0 2 * * process_data_governance\n", "line 1: expected '<cron expression> <job name>' (5 fields or an @alias, then the job)"),
        ("0 2 * * MONDAY process_data_governance\n", "line 1: day-of-week: 'MONDAY' is not a number or a name SUN-SAT"),
        ("0 2 * *\n", "line 1: expected '<cron expression> <job name>' (5 fields or an @alias, then the job)"),
        ("@daily\n", "line 1: expected '<cron expression> <job name>' (5 fields or an @alias, then the job)"),
        ("0 0 2 * * * process_data_governance\n", "line 1: unexpected text after the job name: 'process_data_governance'"),
        ("@daily process_data_governance --dry-run\n", "line 1: unexpected text after the job name: '--dry-run'"),
        ("@reboot process_data_governance\n", "line 1: unknown alias '@reboot' (use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually)"),
    ]

    @Test(arguments: fileErrors)
    func fileErrorsNameTheFileAndLine(contents: String, message: String) throws {
        let path = try writeTemporary(contents)
        #expect(throws: SchedulingError.invalidSetting(variable: "JOBS_SCHEDULE", message: "\(path) \(message)")) {
            try ScheduleTable.load(setting: path, registry: Self.registry)
        }
    }

    @Test func aMissingFileIsAConfigurationError() throws {
        let path = directory + "/missing.cron"
        let error = #expect(throws: SchedulingError.self) { try ScheduleTable.load(setting: path, registry: Self.registry) }
        #expect(error?.description == "JOBS_SCHEDULE: cannot read the schedule file '\(path)' (expected off, default or a crontab-style file)")
    }

    @Test func rejectsAnOversizedFile() throws {
        let path = try writeTemporary(String(repeating: "# padding line\n", count: ScheduleTable.maxFileBytes / 15 + 10))
        let error = #expect(throws: SchedulingError.self) { try ScheduleTable.load(setting: path, registry: Self.registry) }
        #expect(error?.description == "JOBS_SCHEDULE: the schedule file '\(path)' is larger than 65536 bytes")
    }

    private func writeTemporary(_ contents: String) throws -> String {
        let path = directory + "/jobs.cron"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
