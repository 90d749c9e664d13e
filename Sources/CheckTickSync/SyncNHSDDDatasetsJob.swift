import Fetch
import FoundationEssentials
import JobEngine
import Logging

/// `sync_nhs_dd_datasets`: creates and refreshes code lists scraped from the NHS Data Dictionary.
struct SyncNHSDDDatasetsJob: Job {
    /// Name, options, schedule (DESIGN §8: Sundays 05:00 UTC, stale after 8 days).
    let descriptor = JobDescriptor(
        name: "sync_nhs_dd_datasets",
        summary: "Scrape the NHS Data Dictionary code lists named in the dataset list into surveys_dataset.",
        parameters: [.dataset, .force, .dryRun],
        maxAge: .seconds(8 * 86_400),
        defaultSchedule: "0 5 * * 0")

    /// A dataset scraped fewer whole days ago than this is skipped unless `--force`.
    static let freshnessDays = 7

    /// Sources and fetch limits.
    let settings: SyncSettings
    /// Fetches with retries and backoff.
    let fetcher: HTTPFetcher

    /// Per-run tallies.
    private struct Counts {
        var created = 0
        var updated = 0
        var scraped = 0
        var skipped = 0
        var errors = 0
        var conflicts = 0
    }

    /// Runs the sync; throws `datasetsFailed` after processing everything when any dataset failed.
    func run(_ context: JobContext) throws -> Int32 {
        let dryRun = context.parameters.bool("dry_run")
        let force = context.parameters.bool("force")
        if dryRun { context.print("🔍 DRY RUN MODE - No changes will be saved") }
        let path = SyncSettings.absolutePath(settings.nhsDDListPath)
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory else {
            throw SyncCommandError.listFileNotFound(path: path)
        }
        context.print("📖 Reading datasets from: \(path)")
        guard let data = FileManager.default.contents(atPath: path) else { throw SyncCommandError.fileUnreadable(path: path) }
        var entries = NHSDDList.parse(String(decoding: data, as: UTF8.self))
        if entries.isEmpty {
            context.print("No datasets found in markdown file")
            return 0
        }
        if let only = context.parameters.string("dataset"), !only.isEmpty {
            entries = entries.filter { $0.key == only }
            guard !entries.isEmpty else { throw SyncCommandError.datasetNotInList(only) }
        }
        context.print("📊 Found \(entries.count) dataset(s) to sync")
        context.print("")
        let store = DatasetStore(database: context.database)
        var counts = Counts()
        for entry in entries {
            try context.checkCancellation()
            do {
                try sync(entry, store: store, dryRun: dryRun, force: force, counts: &counts, context: context)
            } catch {
                try context.checkCancellation()
                context.logger.warning("nhs dd dataset failed", metadata: ["dataset.key": "\(entry.key)", "error": "\(error)"])
                context.print("❌ Error processing '\(entry.name)': \(error)")
                counts.errors += 1
            }
        }
        context.print("\n" + String(repeating: "=", count: 60))
        context.print(dryRun ? "DRY RUN COMPLETE" : "SYNC COMPLETE")
        context.print("  Created: \(counts.created)")
        context.print("  Updated: \(counts.updated)")
        context.print("  Scraped: \(counts.scraped)")
        context.print("  Skipped: \(counts.skipped)")
        context.print("  Errors: \(counts.errors)")
        context.print(String(repeating: "=", count: 60))
        if !dryRun { context.print("\nTotal NHS DD datasets: \(try store.countNHSDD())") }
        for (name, value) in [("created", counts.created), ("updated", counts.updated), ("scraped", counts.scraped),
                              ("skipped", counts.skipped), ("errors", counts.errors), ("conflicts", counts.conflicts)] {
            context.summary.set(name, Int64(value))
        }
        if counts.errors > 0 { throw SyncCommandError.datasetsFailed(counts.errors) }
        return 0
    }

    /// One list entry: skip, refresh metadata or create, then scrape.
    private func sync(
        _ entry: NHSDDListEntry, store: DatasetStore, dryRun: Bool, force: Bool, counts: inout Counts,
        context: JobContext
    ) throws {
        let now = context.now()
        let existing = try store.find(key: entry.key)
        let rowID: Int64?
        let oldCount: Int
        let created: Bool
        if let existing {
            // A user's or another source's dataset with the same key is theirs: never overwrite it.
            guard existing.category == "nhs_dd" else {
                context.print(
                    "⚠️  Skipping '\(entry.name)' - existing dataset '\(entry.key)' is not an NHS DD dataset (category: \(existing.category))")
                counts.skipped += 1
                counts.conflicts += 1
                return
            }
            if !force, let lastScraped = existing.lastScraped {
                let days = PythonDateText.wholeDays(from: lastScraped, to: now)
                if days < Self.freshnessDays {
                    context.print("⏭️  Skipping '\(entry.name)' - scraped \(days) days ago")
                    counts.skipped += 1
                    return
                }
            }
            if !dryRun { try store.updateListMetadata(id: existing.id, entry: entry, at: now) }
            context.print("🔄 Syncing '\(entry.name)'...")
            rowID = existing.id
            oldCount = existing.optionsIsObject ? existing.optionCount : 0
            created = false
        } else {
            rowID = dryRun ? nil : try store.createNHSDD(entry, at: now)
            context.print("✨ Creating '\(entry.name)'...")
            counts.created += 1
            oldCount = 0
            created = true
        }
        guard !entry.referenceURL.isEmpty else { return }
        let options: DatasetOptions
        do {
            options = try scrape(entry, context: context)
        } catch let error as SyncCommandError {
            context.print("❌ Failed to scrape '\(entry.name)': \(error)")
            counts.errors += 1
            return
        }
        if dryRun {
            context.print("   Would scrape \(options.count) options for '\(entry.name)'")
            counts.scraped += 1
            return
        }
        guard let rowID else { return }
        let version = try store.saveScraped(id: rowID, options: options, at: context.now())
        context.print(
            "✅ \(created ? "Created" : "Updated") '\(entry.name)': \(oldCount) → \(options.count) options (version \(version))")
        counts.scraped += 1
        if !created { counts.updated += 1 }
    }

    /// Fetches the page (rewritten onto `JOBS_NHS_DD_BASE_URL` when set) and extracts its codes.
    private func scrape(_ entry: NHSDDListEntry, context: JobContext) throws -> DatasetOptions {
        let url = settings.pageURL(for: entry.referenceURL)
        context.print("  📡 Fetching: \(url)")
        var options = settings.pageFetch
        let cancellation = context.cancellation
        options.shouldCancel = { cancellation.isCancelled }
        let response: FetchResponse
        do {
            response = try fetcher.get(url, options: options)
        } catch {
            try context.checkCancellation()
            context.logger.warning(
                "nhs dd page fetch failed", metadata: ["dataset.key": "\(entry.key)", "error": "\(error.debugDescription)"])
            throw SyncCommandError.scrape("Failed to fetch \(url): \(error.description)")
        }
        let extracted = try NHSDDPageExtractor.options(fromHTML: response.body)
        context.print("  📊 Found \(extracted.count) items")
        return extracted
    }
}
