import Fetch
import JobEngine
import Logging

/// The three sync jobs (issue 6): RCPCH datasets, NHS Data Dictionary datasets, global question-group templates.
public enum CheckTickSyncJobs {
    /// Builds the jobs from the environment (`EXTERNAL_DATASET_API_URL`, `EXTERNAL_DATASET_API_KEY[_FILE]`,
    /// `JOBS_NHS_DD_LIST`, `JOBS_NHS_DD_BASE_URL`, `JOBS_TEMPLATES_DIR`); a bad value throws `SyncCommandError`
    /// naming the variable.
    public static func make(environment: [String: String], logger: Logger) throws -> [any Job] {
        jobs(settings: try SyncSettings(environment: environment), logger: logger)
    }

    /// The jobs for given settings.
    static func jobs(settings: SyncSettings, logger: Logger) -> [any Job] {
        let fetcher = HTTPFetcher(logger: logger)
        return [
            SyncExternalDatasetsJob(settings: settings, fetcher: fetcher),
            SyncNHSDDDatasetsJob(settings: settings, fetcher: fetcher),
            SyncQuestionGroupTemplatesJob(settings: settings),
        ]
    }
}
