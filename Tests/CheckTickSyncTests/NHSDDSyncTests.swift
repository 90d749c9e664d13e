import TestSupport
import Fetch
import Foundation
import JobEngine
import Testing

@testable import CheckTickSync

/// `sync_nhs_dd_datasets` end to end against the fixture server (§4.5 scenarios and DESIGN §8 fixes).
@Suite("sync_nhs_dd_datasets", .serialized, .syncDatabase)
struct NHSDDSyncTests {
    static let base = "https://www.datadictionary.nhs.uk/data_elements/"

    /// A list file in a temp folder with rows `(name, page file, categories)`.
    func listFile(_ rows: [(String, String, String)]) throws -> String {
        var text = "# Test list\n\n| Dataset Name | NHS DD URL | Categories | Date Added | Last Scraped | NHS DD Published |\n"
        text += "|---|---|---|---|---|---|\n"
        for (name, file, categories) in rows {
            text += "| \(name) | [Link](\(Self.base)\(file)) | \(categories) | - | - | - |\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nhsdd-\(UUID().uuidString).md").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func job(_ server: FixtureServer, list: String) -> SyncNHSDDDatasetsJob {
        var settings = testSettings(server: server)
        settings.nhsDDListPath = list
        return SyncNHSDDDatasetsJob(settings: settings, fetcher: HTTPFetcher(logger: testLogger))
    }

    static let twoRows = [
        ("Ethnic Category", "ethnic_category.html", "demographics"),
        ("Person Stated Gender Code", "person_stated_gender_code.html", "demographic"),
    ]

    @Test func createsAndScrapesNewDatasets() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let list = try listFile(Self.twoRows)
        let run = SyncRun.run(job(server, list: list), database: db)
        #expect(run.exitCode == 0)
        let row = try #require(try db.dataset("ethnic_category"))
        #expect(row["category"] == "nhs_dd")
        #expect(row["source_type"] == "scrape")
        #expect(row["is_global"] == "true")
        #expect(row["is_custom"] == "false")
        #expect(row["description"] == "NHS Data Dictionary - Ethnic Category")
        #expect(row["reference_url"] == Self.base + "ethnic_category.html")
        #expect(row["tags"] == #"["demographics", "NHS"]"#)
        #expect(row["version"] == "2")
        #expect(try db.options("ethnic_category").count == 18)
        #expect(try db.options("ethnic_category")["99"] == "Not known")
        #expect(try db.lastScraped("ethnic_category") != nil)
        #expect(run.stdout.contains("✨ Creating 'Ethnic Category'..."))
        #expect(run.stdout.contains("  📡 Fetching: \(server.baseURL)/checktick-sync/nhs-dd/data_elements/ethnic_category.html"))
        #expect(run.stdout.contains("  📊 Found 18 items"))
        #expect(run.stdout.contains("✅ Created 'Ethnic Category': 0 → 18 options (version 2)"))
        #expect(run.stdout.contains("📊 Found 2 dataset(s) to sync"))
        #expect(run.stdout.contains("  Created: 2"))
        #expect(run.stdout.contains("  Updated: 0"))
        #expect(run.stdout.contains("  Scraped: 2"))
        #expect(run.stdout.last == "Total NHS DD datasets: 2")
    }

    @Test func skipsDatasetsScrapedWithinSevenDays() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let now = Date()
        try db.insertDataset(key: "ethnic_category", category: "nhs_dd", sourceType: "scrape", options: #"{"A": "x"}"#,
                             lastScraped: now.addingTimeInterval(-6.9 * 86_400))
        try db.insertDataset(key: "person_stated_gender_code", category: "nhs_dd", sourceType: "scrape",
                             options: #"{"1": "x"}"#, version: 5, lastScraped: now.addingTimeInterval(-7 * 86_400 - 1))
        let run = SyncRun.run(job(server, list: try listFile(Self.twoRows)), database: db, now: now)
        #expect(run.exitCode == 0)
        #expect(run.stdout.contains("⏭️  Skipping 'Ethnic Category' - scraped 6 days ago"))
        #expect(run.stdout.contains("🔄 Syncing 'Person Stated Gender Code'..."))
        #expect(run.stdout.contains("✅ Updated 'Person Stated Gender Code': 1 → 4 options (version 6)"))
        #expect(run.stdout.contains("  Updated: 1"))
        #expect(run.stdout.contains("  Skipped: 1"))
        #expect(try db.options("ethnic_category") == ["A": "x"])
        #expect(try server.log(prefix: "/checktick-sync/nhs-dd/data_elements/ethnic").isEmpty)
    }

    @Test func forceRescrapesFreshDatasetsAndRefreshesMetadata() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let now = Date()
        try db.insertDataset(key: "ethnic_category", name: "Old name", category: "nhs_dd", sourceType: "scrape",
                             options: #"["legacy", "list"]"#, lastScraped: now)
        let run = SyncRun.run(job(server, list: try listFile(Self.twoRows)), database: db, parameters: ["force": .bool(true)], now: now)
        #expect(run.exitCode == 0)
        #expect(run.stdout.contains("✅ Updated 'Ethnic Category': 0 → 18 options (version 2)"))
        let row = try #require(try db.dataset("ethnic_category"))
        #expect(row["name"] == "Ethnic Category")
        #expect(row["tags"] == #"["demographics", "NHS"]"#)
        #expect(row["description"] == "NHS Data Dictionary - Ethnic Category")
    }

    @Test func unknownDatasetIsACommandError() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let run = SyncRun.run(job(server, list: try listFile(Self.twoRows)), database: db, parameters: ["dataset": .string("nope")])
        #expect(run.commandError == "Dataset 'nope' not found in markdown file")
        #expect(try db.datasetCount() == 0)
    }

    @Test func singleDatasetFromTheShippedList() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let run = SyncRun.run(job(server, list: NHSDDListTests.shippedListPath), database: db,
                              parameters: ["dataset": .string("smoking_status_code")])
        #expect(run.exitCode == 0)
        #expect(run.stdout.contains("📖 Reading datasets from: \(NHSDDListTests.shippedListPath)"))
        #expect(run.stdout.contains("📊 Found 1 dataset(s) to sync"))
        #expect(try db.options("smoking_status_code") == ["1": "Current smoker", "2": "Ex-smoker", "4": "Never smoked",
            "Z": "Not stated (PERSON asked but declined to provide a response)"])
        #expect(try db.dataset("smoking_status_code")?["tags"] == #"["clinic", "medical", "NHS"]"#)
    }

    @Test func failedPageExitsOneAndLeavesTheNewRowEmpty() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let list = try listFile(Self.twoRows + [("Missing Page", "missing_page.html", "x")])
        let run = SyncRun.run(job(server, list: list), database: db)
        #expect(run.commandError == "1 dataset(s) failed to sync")
        #expect(run.stdout.contains { $0.hasPrefix("❌ Failed to scrape 'Missing Page': ") && $0.contains("HTTP 404") })
        let row = try #require(try db.dataset("missing_page"))
        #expect(row["options"] == "{}")
        #expect(row["version"] == "1")
        #expect(try db.lastScraped("missing_page") == nil)
        #expect(run.stdout.contains("  Created: 3"))
        #expect(run.stdout.contains("  Errors: 1"))
        #expect(try db.options("ethnic_category").count == 18)
    }

    @Test func emptyPageIsAnErrorAndKeepsOldOptions() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try db.insertDataset(key: "ward_security_level", category: "nhs_dd", sourceType: "scrape", options: #"{"1": "Old"}"#)
        let run = SyncRun.run(job(server, list: try listFile([("Ward Security Level", "ward_security_level.html", "admin")])), database: db)
        #expect(run.commandError == "1 dataset(s) failed to sync")
        #expect(run.stdout.contains("❌ Failed to scrape 'Ward Security Level': No valid options found on the page"))
        #expect(try db.options("ward_security_level") == ["1": "Old"])
    }

    @Test func dryRunWritesNothing() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try db.insertDataset(key: "person_stated_gender_code", name: "Old", category: "nhs_dd", sourceType: "scrape",
                             options: #"{"1": "x"}"#)
        let run = SyncRun.run(job(server, list: try listFile(Self.twoRows)), database: db, parameters: ["dry_run": .bool(true)])
        #expect(run.exitCode == 0)
        #expect(run.stdout.first == "🔍 DRY RUN MODE - No changes will be saved")
        #expect(run.stdout.contains("   Would scrape 18 options for 'Ethnic Category'"))
        #expect(run.stdout.contains("   Would scrape 4 options for 'Person Stated Gender Code'"))
        #expect(run.stdout.contains("DRY RUN COMPLETE"))
        #expect(!run.stdout.contains { $0.hasPrefix("Total NHS DD datasets") })
        #expect(try db.datasetCount() == 1)
        #expect(try db.dataset("person_stated_gender_code")?["name"] == "Old")
        #expect(try db.options("person_stated_gender_code") == ["1": "x"])
    }

    @Test func leavesANonNHSDatasetWithTheSameKeyAlone() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try db.insertDataset(key: "ethnic_category", name: "My ethnicities", category: "user_created", sourceType: "manual",
                             options: #"{"mine": "Mine"}"#, isCustom: true)
        let run = SyncRun.run(job(server, list: try listFile(Self.twoRows)), database: db)
        #expect(run.exitCode == 0)
        #expect(run.stdout.contains(
            "⚠️  Skipping 'Ethnic Category' - existing dataset 'ethnic_category' is not an NHS DD dataset (category: user_created)"))
        #expect(run.summary["conflicts"] == 1)
        let row = try #require(try db.dataset("ethnic_category"))
        #expect(row["name"] == "My ethnicities")
        #expect(row["category"] == "user_created")
        #expect(try db.options("ethnic_category") == ["mine": "Mine"])
        #expect(try server.log(prefix: "/checktick-sync/nhs-dd/data_elements/ethnic").isEmpty)
    }

    @Test func missingListFileIsACommandError() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let run = SyncRun.run(job(server, list: "/nonexistent/list.md"), database: db)
        #expect(run.commandError
            == "Markdown file not found: /nonexistent/list.md\nExpected location: docs/nhs-data-dictionary-datasets.md")
    }

    @Test func listWithoutRowsExitsZero() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let run = SyncRun.run(job(server, list: try listFile([])), database: db)
        #expect(run.exitCode == 0)
        #expect(run.stdout.last == "No datasets found in markdown file")
    }

    @Test func pageRetryRecoversFromOne503() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try server.control(path: "/checktick-sync/nhs-dd/data_elements/ethnic_category.html", mode: "flaky", ["count": "1"])
        let run = SyncRun.run(job(server, list: try listFile(Array(Self.twoRows.prefix(1)))), database: db)
        #expect(run.exitCode == 0)
        #expect(try db.options("ethnic_category").count == 18)
    }

    @Test func maliciousPagesCannotCrashTheJob() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try server.control(path: "/checktick-sync/nhs-dd/data_elements/huge.html", mode: "huge", ["size": "20000000"])
        try server.control(path: "/checktick-sync/nhs-dd/data_elements/broken.html", mode: "malformed")
        let list = try listFile([
            ("Huge", "huge.html", "x"), ("Broken", "broken.html", "x"),
            ("Alcohol Use Indicator", "alcohol_use_indicator.html", "x"),
            ("Consultation Medium Used", "consultation_medium_used.html", "x"),
            ("Zygosity Status", "zygosity_status.html", "x"),
        ])
        let run = SyncRun.run(job(server, list: list), database: db)
        #expect(run.stdout.contains { $0.hasPrefix("❌ Failed to scrape 'Huge'") && $0.contains("response too large") })
        #expect(run.stdout.contains { $0.hasPrefix("❌ Failed to scrape 'Broken'") })
        #expect(try db.options("alcohol_use_indicator")["N"] == "No")
        #expect(try db.options("zygosity_status").count == 3)
        #expect(run.commandError?.hasSuffix("dataset(s) failed to sync") == true)
    }
}
