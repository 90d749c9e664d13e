import Fetch
import FoundationEssentials
import JobEngine
import Logging

/// `sync_external_datasets`: caches the RCPCH NHS Organisations API lists in `surveys_dataset`.
struct SyncExternalDatasetsJob: Job {
    /// Name, options, schedule (DESIGN §8: daily 04:00 UTC, stale after 26 h).
    let descriptor = JobDescriptor(
        name: "sync_external_datasets",
        summary: "Sync the RCPCH NHS Organisations API datasets into surveys_dataset.",
        parameters: [.dataset, .force, .dryRun],
        maxAge: .seconds(26 * 3600),
        defaultSchedule: "0 4 * * *")

    /// Sources and fetch limits.
    let settings: SyncSettings
    /// Fetches with retries and backoff.
    let fetcher: HTTPFetcher

    /// Runs the sync; throws `datasetsFailed` after processing everything when any dataset failed.
    func run(_ context: JobContext) throws -> Int32 {
        let dryRun = context.parameters.bool("dry_run")
        let force = context.parameters.bool("force")
        if dryRun { context.print("DRY RUN MODE - No changes will be made") }
        var datasets = ExternalDataset.catalogue
        if let only = context.parameters.string("dataset"), !only.isEmpty {
            guard let match = datasets.first(where: { $0.key == only }) else { throw SyncCommandError.unknownDatasetKey(only) }
            datasets = [match]
        }
        context.print("Found \(datasets.count) external datasets to process")
        let store = DatasetStore(database: context.database)
        var synced = 0
        var skipped = 0
        var errors = 0
        for dataset in datasets {
            try context.checkCancellation()
            do {
                if try sync(dataset, store: store, dryRun: dryRun, force: force, context: context) {
                    synced += 1
                } else {
                    skipped += 1
                }
            } catch let error as SyncCommandError {
                context.printError("❌ Failed to sync '\(dataset.name)': \(error)")
                errors += 1
            } catch {
                try context.checkCancellation()
                context.logger.warning(
                    "dataset sync failed", metadata: ["dataset.key": "\(dataset.key)", "error": "\(error)"])
                context.printError("❌ Unexpected error syncing '\(dataset.name)': \(error)")
                errors += 1
            }
        }
        context.print("\n" + String(repeating: "=", count: 60))
        context.print(dryRun ? "DRY RUN COMPLETE" : "SYNC COMPLETE")
        context.print("  Synced: \(synced)")
        context.print("  Skipped: \(skipped)")
        context.print("  Errors: \(errors)")
        context.print(String(repeating: "=", count: 60))
        context.summary.set("synced", Int64(synced))
        context.summary.set("skipped", Int64(skipped))
        context.summary.set("errors", Int64(errors))
        if errors > 0 { throw SyncCommandError.datasetsFailed(errors) }
        return 0
    }

    /// Syncs one dataset; false when it was skipped as not due.
    private func sync(
        _ dataset: ExternalDataset, store: DatasetStore, dryRun: Bool, force: Bool, context: JobContext
    ) throws -> Bool {
        let existing = try store.find(key: dataset.key)
        if let existing, !force, !existing.needsSync(now: context.now()) {
            context.print(
                "⏭️  Skipping '\(dataset.name)' - not due for sync (last synced: \(PythonDateText.format(existing.lastSyncedAt)))")
            return false
        }
        context.print("🔄 Syncing '\(dataset.name)' (\(dataset.key))...")
        let options = try fetch(dataset, context: context)
        if dryRun {
            context.print("   Would sync \(options.count) options for '\(dataset.name)'")
            return true
        }
        let now = context.now()
        if let existing {
            let version = try store.saveSynced(id: existing.id, options: options, at: now)
            context.print("✅ Updated '\(dataset.name)': \(existing.optionCount) → \(options.count) options (version \(version))")
        } else {
            try store.createExternal(dataset, options: options, apiBaseURL: settings.apiBaseURL, at: now)
            context.print("✅ Created '\(dataset.name)': \(options.count) options")
        }
        return true
    }

    /// GETs base URL + endpoint (with the Bearer key when set) and transforms the body.
    private func fetch(_ dataset: ExternalDataset, context: JobContext) throws -> DatasetOptions {
        var headers: [(String, String)] = [("Accept", "application/json")]
        if !settings.apiKey.isEmpty { headers.append(("Authorization", "Bearer \(settings.apiKey)")) }
        var options = settings.apiFetch
        let cancellation = context.cancellation
        options.shouldCancel = { cancellation.isCancelled }
        let response: FetchResponse
        do {
            response = try fetcher.get(settings.apiBaseURL + dataset.endpoint, headers: headers, options: options)
        } catch {
            try context.checkCancellation()
            context.logger.warning(
                "dataset fetch failed",
                metadata: ["dataset.key": "\(dataset.key)", "error": "\(error.debugDescription)"])
            throw SyncCommandError.datasetFetch("API request failed: \(error.description)")
        }
        return try dataset.options(fromBody: response.body)
    }
}
