import TestSupport
import Fetch
import Foundation
import JobEngine
import Testing

@testable import CheckTickSync

/// Upstream `test_sync_datasets_command.py` scenarios plus retries, timeouts and malformed responses.
@Suite("sync_external_datasets", .serialized, .syncDatabase)
struct ExternalDatasetsSyncTests {
    static let hospitals = "hospitals_england_wales"

    /// A job against the fixture server's RCPCH-shaped folder `rcpch`.
    func job(_ server: FixtureServer, rcpch: String = "rcpch", key: String = "") -> SyncExternalDatasetsJob {
        var settings = testSettings(server: server, rcpch: rcpch)
        settings.apiKey = key
        return SyncExternalDatasetsJob(settings: settings, fetcher: HTTPFetcher(logger: testLogger))
    }

    /// Upstream set-up: an API row for hospitals, never synced, options `[]`.
    func seedHospitals(_ db: SyncTestDatabase) throws {
        try db.insertDataset(key: Self.hospitals, name: "Hospitals (England & Wales)")
    }

    @Test func runsSuccessfullyAndSyncsAllSeven() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try seedHospitals(db)
        let run = SyncRun.run(job(server), database: db)
        #expect(run.exitCode == 0)
        #expect(run.output.contains("SYNC COMPLETE"))
        #expect(run.output.contains("Synced: 7"))
        #expect(run.stdout.first == "Found 7 external datasets to process")
        #expect(run.summary["synced"] == 7)
    }

    @Test func dryRunWritesNothing() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try seedHospitals(db)
        let run = SyncRun.run(job(server), database: db, parameters: ["dry_run": .bool(true)])
        #expect(run.exitCode == 0)
        #expect(run.output.contains("DRY RUN"))
        #expect(run.output.contains("   Would sync 2 options for 'Hospitals (England & Wales)'"))
        #expect(run.output.contains("DRY RUN COMPLETE"))
        #expect(try db.dataset(Self.hospitals)?["options"] == "[]")
        #expect(try db.lastSynced(Self.hospitals) == nil)
        #expect(try db.datasetCount() == 1)
    }

    @Test func createsMissingDatasets() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let run = SyncRun.run(job(server), database: db)
        #expect(run.exitCode == 0)
        #expect(try db.datasetCount() == 7)
        let row = try #require(try db.dataset(Self.hospitals))
        #expect(row["category"] == "rcpch")
        #expect(row["source_type"] == "api")
        #expect(row["is_global"] == "true")
        #expect(row["is_custom"] == "false")
        #expect(row["description"] == "External dataset from RCPCH NHS Organisations API")
        #expect(row["external_api_endpoint"] == "/organisations/limited/")
        #expect(row["sync_frequency_hours"] == "24")
        #expect(row["version"] == "1")
        #expect(try db.lastSynced(Self.hospitals) != nil)
        let options = try db.options(Self.hospitals)
        #expect(options.count == 2)
        #expect(options["RGT01"] == "ADDENBROOKE'S HOSPITAL")
        #expect(run.output.contains("✅ Created 'Hospitals (England & Wales)': 2 options"))
    }

    @Test func updatesExistingDataset() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try db.insertDataset(key: Self.hospitals, options: #"{"OLD01": "Old Hospital"}"#)
        let run = SyncRun.run(job(server, rcpch: "rcpch-updated"), database: db, parameters: ["dataset": .string(Self.hospitals)])
        #expect(run.exitCode == 0)
        #expect(try db.options(Self.hospitals) == ["ABC123": "New Hospital A", "DEF456": "New Hospital B"])
        #expect(try db.version(Self.hospitals) == 2)
        #expect(try db.lastSynced(Self.hospitals) != nil)
        #expect(run.output.contains("✅ Updated 'Hospitals (England & Wales)': 1 → 2 options (version 2)"))
    }

    @Test func setsLastSyncedToTheRunClock() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try seedHospitals(db)
        let now = Date(timeIntervalSince1970: 1_790_000_000.25)
        _ = SyncRun.run(job(server), database: db, parameters: ["dataset": .string(Self.hospitals)], now: now)
        let synced = try #require(try db.lastSynced(Self.hospitals))
        #expect(abs(synced.timeIntervalSince(now)) < 0.001)
    }

    @Test func skipsRecentlySyncedDatasetsWithoutHTTP() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let now = Date()
        for dataset in ExternalDataset.catalogue {
            try db.insertDataset(key: dataset.key, name: dataset.name, lastSyncedAt: now)
        }
        let run = SyncRun.run(job(server), database: db, now: now)
        #expect(run.exitCode == 0)
        #expect(run.output.contains("Skipping"))
        #expect(run.output.contains("not due for sync"))
        #expect(run.output.contains("Skipped: 7"))
        #expect(try server.log(prefix: "/checktick-sync/").isEmpty)
    }

    @Test func printsNoneForANeverSyncedNonAPIRow() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try db.insertDataset(key: Self.hospitals, sourceType: "manual")
        let run = SyncRun.run(job(server), database: db, parameters: ["dataset": .string(Self.hospitals)])
        #expect(run.stdout.contains("⏭️  Skipping 'Hospitals (England & Wales)' - not due for sync (last synced: None)"))
    }

    @Test func forceBypassesTheSyncFrequency() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let now = Date()
        try db.insertDataset(key: Self.hospitals, options: #"{"OLD01": "x"}"#, lastSyncedAt: now)
        let run = SyncRun.run(job(server), database: db, parameters: ["force": .bool(true)], now: now)
        #expect(run.output.contains("Syncing"))
        #expect(!run.output.contains("Skipping"))
        #expect(try db.options(Self.hospitals)["RGT01"] != nil)
    }

    @Test func singleDatasetMakesExactlyOneRequest() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try seedHospitals(db)
        let run = SyncRun.run(job(server), database: db, parameters: ["dataset": .string(Self.hospitals)])
        #expect(run.output.contains("Found 1 external datasets"))
        #expect(run.output.contains("Synced: 1"))
        #expect(try server.log(prefix: "/checktick-sync/").count == 1)
    }

    @Test func unknownDatasetKeyIsACommandError() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let run = SyncRun.run(job(server), database: db, parameters: ["dataset": .string("nope")])
        #expect(run.commandError == "Unknown dataset key: nope")
        #expect(try server.log(prefix: "/checktick-sync/").isEmpty)
    }

    @Test func unexpectedErrorIsReportedOnStderrAndFailsTheRun() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        // A database failure while saving plays the part of upstream's patched `requests.get` raising Exception.
        try db.query(
            """
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
            """)
        try db.query("CREATE TRIGGER refuse BEFORE INSERT ON surveys_dataset FOR EACH ROW EXECUTE FUNCTION refuse()")
        let run = SyncRun.run(job(server), database: db, parameters: ["dataset": .string(Self.hospitals)])
        #expect(run.errors.contains("❌ Unexpected error syncing 'Hospitals (England & Wales)'"))
        #expect(run.commandError?.contains("failed to sync") == true)
        #expect(run.commandError == "1 dataset(s) failed to sync")
    }

    @Test func objectInsteadOfListFailsAndKeepsOldOptions() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try db.insertDataset(key: Self.hospitals, options: #"{"OLD01": "Old Hospital"}"#)
        let run = SyncRun.run(job(server, rcpch: "rcpch-object"), database: db, parameters: ["dataset": .string(Self.hospitals)])
        #expect(run.commandError == "1 dataset(s) failed to sync")
        #expect(run.errors.contains(
            "❌ Failed to sync 'Hospitals (England & Wales)': Expected list response for hospitals_england_wales, got <class 'dict'>"))
        #expect(try db.options(Self.hospitals) == ["OLD01": "Old Hospital"])
        #expect(try db.version(Self.hospitals) == 1)
    }

    @Test func commandIsIdempotent() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try seedHospitals(db)
        for _ in 0..<2 {
            let run = SyncRun.run(job(server), database: db, parameters: ["dataset": .string(Self.hospitals), "force": .bool(true)])
            #expect(run.exitCode == 0)
        }
        #expect(try db.options(Self.hospitals).count == 2)
        #expect(try db.version(Self.hospitals) == 3)
    }

    @Test func transformsTrusts() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        _ = SyncRun.run(job(server), database: db, parameters: ["dataset": .string("nhs_trusts")])
        let options = try db.options("nhs_trusts")
        #expect(options.count == 2)
        #expect(options["RCF"] == "AIREDALE NHS FOUNDATION TRUST")
    }

    @Test func transformsWelshHealthBoardsWithIndentedHospitals() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        _ = SyncRun.run(job(server), database: db, parameters: ["dataset": .string("welsh_lhbs")])
        #expect(try db.options("welsh_lhbs") == ["7A3": "Swansea Bay University Health Board", "RW6C1": "  Morriston Hospital"])
    }

    @Test func transformsDiabetesUnitsByTheirLeadOrganisation() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        _ = SyncRun.run(job(server), database: db, parameters: ["dataset": .string("paediatric_diabetes_units")])
        #expect(try db.options("paediatric_diabetes_units") == [
            "RP401": "Great Ormond Street Hospital",
            "RR8": "Leeds Teaching Hospitals NHS Trust",
            "PZ999": "PDU PZ999",
            "PZ300": "Unit Without A Lead Code",
            "RXX": "Parent Only Trust",
        ])
    }

    @Test func sendsBearerKeyOnlyWhenSet() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        _ = SyncRun.run(job(server, key: "s3cret-key"), database: db, parameters: ["dataset": .string("nhs_trusts")])
        _ = SyncRun.run(job(server), database: db, parameters: ["dataset": .string("london_boroughs")])
        let log = try server.log(prefix: "/checktick-sync/")
        let withKey = try #require(log.first { ($0["path"] as? String)?.contains("trusts") == true })
        let withoutKey = try #require(log.first { ($0["path"] as? String)?.contains("london") == true })
        #expect((withKey["headers"] as? [String: String])?["Authorization"] == "Bearer s3cret-key")
        #expect((withoutKey["headers"] as? [String: String])?["Authorization"] == nil)
    }

    @Test func retryRecoversFromOne503() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try server.control(path: "/checktick-sync/rcpch/trusts/", mode: "flaky", ["count": "1"])
        let run = SyncRun.run(job(server), database: db, parameters: ["dataset": .string("nhs_trusts")])
        #expect(run.exitCode == 0)
        #expect(try db.options("nhs_trusts").count == 2)
        #expect(try server.log(prefix: "/checktick-sync/rcpch/trusts/").count == 2)
    }

    @Test func timeoutFailsThatDatasetOnly() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try server.control(path: "/checktick-sync/rcpch/trusts/", mode: "timeout", ["delay": "4"])
        var settings = testSettings(server: server)
        settings.apiFetch.timeout = .milliseconds(500)
        settings.apiFetch.retries = 1
        let run = SyncRun.run(SyncExternalDatasetsJob(settings: settings, fetcher: HTTPFetcher(logger: testLogger)), database: db)
        #expect(run.commandError == "1 dataset(s) failed to sync")
        #expect(run.errors.contains("❌ Failed to sync 'NHS Trusts': API request failed: timed out"))
        #expect(run.output.contains("Synced: 6"))
        #expect(try db.dataset("nhs_trusts") == nil)
        #expect(try db.options("integrated_care_boards").count == 2)
    }

    @Test func malformedJSONKeepsOldOptions() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try db.insertDataset(key: Self.hospitals, options: #"{"OLD01": "Old Hospital"}"#, version: 4)
        try server.control(path: "/checktick-sync/rcpch/organisations/limited/", mode: "malformed")
        let run = SyncRun.run(job(server), database: db, parameters: ["dataset": .string(Self.hospitals)])
        #expect(run.commandError == "1 dataset(s) failed to sync")
        #expect(run.errors.contains("Failed to sync 'Hospitals (England & Wales)': API request failed"))
        #expect(try db.options(Self.hospitals) == ["OLD01": "Old Hospital"])
        #expect(try db.version(Self.hospitals) == 4)
        #expect(try db.lastSynced(Self.hospitals) == nil)
    }

    @Test func oversizedResponseFailsThatDatasetOnly() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        try server.control(path: "/checktick-sync/rcpch/trusts/", mode: "huge", ["size": "3000000"])
        var settings = testSettings(server: server)
        settings.apiFetch.maxResponseBytes = 1_000_000
        let run = SyncRun.run(SyncExternalDatasetsJob(settings: settings, fetcher: HTTPFetcher(logger: testLogger)), database: db)
        #expect(run.errors.contains("❌ Failed to sync 'NHS Trusts': API request failed: response too large"))
        #expect(run.output.contains("Synced: 6"))
    }

    @Test func printsSummaryBlockExactly() throws {
        let db = try SyncTestDatabase.fresh()
        let server = try FixtureServer()
        let run = SyncRun.run(job(server), database: db, parameters: ["dataset": .string("nhs_trusts")])
        #expect(Array(run.stdout.suffix(7)) == [
            "", String(repeating: "=", count: 60), "SYNC COMPLETE", "  Synced: 1", "  Skipped: 0", "  Errors: 0",
            String(repeating: "=", count: 60),
        ])
    }
}
