import Foundation
import Testing

@testable import CheckTick

@Suite("Formatting, windows, templates and configuration (no network)")
struct UnitTests {
    @Test(arguments: [
        (1_772_330_400.123456, "2026-03-01 02:00:00.123456+00:00", "March 01, 2026 at 02:00 AM"),
        (1_772_330_400.0, "2026-03-01 02:00:00+00:00", "March 01, 2026 at 02:00 AM"),
        (951_825_600.5, "2000-02-29 12:00:00.500000+00:00", "February 29, 2000 at 12:00 PM"),
        (0.0, "1970-01-01 00:00:00+00:00", "January 01, 1970 at 12:00 AM"),
    ])
    func formatsLikePython(seconds: Double, str: String, long: String) {
        let time = PythonTime(Date(timeIntervalSince1970: seconds))
        #expect(time.pythonString == str)
        #expect(time.longDateTime == long)
    }

    @Test func windowsMatchCheckTickSubjects() {
        #expect(WarningWindow.all.map(\.subject) == [
            "Notice: Survey Data Deletion Warning - 30 days remaining",
            "Important: Survey Data Deletion Warning - 7 days remaining",
            "URGENT: Survey Data Deletion Warning - 1 days remaining",
        ])
        #expect(WarningWindow.all.map(\.timeframe) == ["in 30 days", "in 7 days", "tomorrow"])
    }

    @Test func bandsAreDisjointAndCoverTheExactRule() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let bounds = WarningWindow.all.map { $0.bounds(now: now, epoch: now) }
        #expect(bounds[0].bandLower == bounds[1].bandUpper)
        #expect(bounds[1].bandLower == bounds[2].bandUpper)
        #expect(bounds[2].bandLower == now)
        for bound in bounds {
            #expect(bound.exactLower > bound.bandLower && bound.exactUpper == bound.bandUpper)
            #expect(bound.catchUpFrom == bound.bandUpper)
        }
    }

    @Test func quotesJSONLikePythonEnsureASCII() {
        #expect(RecoveryAuditHash.quote("a\"b\\c\nü🔑") == #""a\"b\\c\n\u00fc\ud83d\udd11""#)
    }

    @Test func rendersMarkdownIntoTextAndEscapedBrandedHTML() throws {
        let renderer = try MailRenderer(brandTitle: "Brand <X>", siteURL: "https://example.org")
        let rendered = try renderer.render(.recoveryReady, values: [
            "username": "a<b", "request_code": "ABC-123-XYZ", "survey_name": "S & T",
            "recovery_url": "https://example.org/recovery/complete/ABC-123-XYZ/",
        ])
        #expect(rendered.text.contains("Hello a<b,"))
        #expect(rendered.text.contains("The Brand <X> Team"))
        #expect(rendered.html.contains("Hello a&lt;b,"))
        #expect(rendered.html.contains("<strong>Request ID:</strong> ABC-123-XYZ"))
        #expect(rendered.html.contains("Brand &lt;X&gt;"))
        #expect(!rendered.html.contains("<X>"))
    }

    @Test(arguments: [
        (["SITE_URL": "ftp://x"], "invalid SITE_URL"),
        (["BRAND_TITLE": "  "], "invalid BRAND_TITLE"),
        (["EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "x"], "invalid EMAIL_PORT"),
        (["DEFAULT_FROM_EMAIL": "not an address"], "invalid DEFAULT_FROM_EMAIL"),
        (["EMAIL_HOST": "smtp.example.org", "JOBS_SMTP_CONNECTIONS": "0"], "invalid JOBS_SMTP_CONNECTIONS"),
    ])
    func configurationErrorsNameTheVariable(environment: [String: String], prefix: String) {
        #expect {
            _ = try CheckTickJobs.make(environment: environment, logger: CheckTickDatabase.logger)
        } throws: { error in
            String(describing: error).hasPrefix(prefix)
        }
    }

    @Test func makesTheThreeJobsWithDesignSchedules() throws {
        let jobs = try CheckTickJobs.make(environment: [:], logger: CheckTickDatabase.logger)
        let table = jobs.map { ($0.descriptor.name, $0.descriptor.defaultSchedule, $0.descriptor.maxAge) }
        #expect(table.map(\.0) == ["process_data_governance", "cleanup_survey_progress", "process_recovery_time_delays"])
        #expect(table.map(\.1) == ["0 2 * * *", "0 3 * * *", "*/5 * * * *"])
        #expect(table.map(\.2) == [.seconds(26 * 3600), .seconds(26 * 3600), .seconds(15 * 60)])
        for job in jobs { #expect(job.descriptor.parameters.map(\.name) == ["dry_run", "verbose"]) }
    }
}
