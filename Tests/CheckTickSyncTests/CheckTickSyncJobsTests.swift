import Foundation
import JobEngine
import Logging
import Testing

@testable import CheckTickSync

/// The public factory: three jobs, DESIGN §8 schedules, configuration errors naming the variable.
@Suite("CheckTickSyncJobs.make")
struct CheckTickSyncJobsTests {
    @Test func makesTheThreeJobsWithTheirSchedulesAndOptions() throws {
        let jobs = try CheckTickSyncJobs.make(environment: [:], logger: testLogger)
        let descriptors = jobs.map(\.descriptor)
        #expect(descriptors.map(\.name) == [
            "sync_external_datasets", "sync_nhs_dd_datasets", "sync_global_question_group_templates",
        ])
        #expect(descriptors.map(\.defaultSchedule) == ["0 4 * * *", "0 5 * * 0", "0 6 * * *"])
        #expect(descriptors.map(\.maxAge) == [.seconds(26 * 3600), .seconds(8 * 86_400), .seconds(26 * 3600)])
        #expect(descriptors.map { Set($0.parameters.map(\.name)) } == [
            ["dataset", "force", "dry_run"], ["dataset", "force", "dry_run"], ["dry_run", "force"],
        ])
    }

    @Test func readsTheEnvironment() throws {
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)").path
        try "file-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        let settings = try SyncSettings(environment: [
            "EXTERNAL_DATASET_API_URL": "https://api.example.org/nhs-organisations/v1",
            "EXTERNAL_DATASET_API_KEY_FILE": keyFile,
            "JOBS_NHS_DD_LIST": "/srv/list.md",
            "JOBS_NHS_DD_BASE_URL": "http://127.0.0.1:8000/dd",
            "JOBS_TEMPLATES_DIR": "/srv/templates",
        ])
        #expect(settings.apiBaseURL == "https://api.example.org/nhs-organisations/v1")
        #expect(settings.apiKey == "file-key")
        #expect(settings.nhsDDListPath == "/srv/list.md")
        #expect(settings.nhsDDBaseURL == "http://127.0.0.1:8000/dd/")
        #expect(settings.templatesDirectory == "/srv/templates")
        let defaults = try SyncSettings(environment: [:])
        #expect(defaults.apiBaseURL == "https://api.rcpch.ac.uk")
        #expect(defaults.apiKey == "")
        #expect(defaults.nhsDDBaseURL == nil)
        #expect(defaults.apiFetch.timeout == .seconds(30))
        #expect(defaults.pageFetch.timeout == .seconds(30))
        #expect(defaults.apiFetch.retries == 3)
        #expect(defaults.pageFetch.maxResponseBytes == 5 * 1024 * 1024)
        #expect(defaults.pageFetch.userAgent.hasPrefix("Mozilla/5.0"))
    }

    @Test(arguments: [
        ("EXTERNAL_DATASET_API_URL", "ftp://example.org"), ("EXTERNAL_DATASET_API_URL", "api.rcpch.ac.uk"),
        ("JOBS_NHS_DD_BASE_URL", "file:///etc/"), ("EXTERNAL_DATASET_API_KEY_FILE", "/nonexistent/key"),
    ])
    func badValuesNameTheVariable(variable: String, value: String) {
        #expect {
            _ = try CheckTickSyncJobs.make(environment: [variable: value], logger: testLogger)
        } throws: { error in
            "\(error)".hasPrefix(variable + ": ")
        }
    }
}
