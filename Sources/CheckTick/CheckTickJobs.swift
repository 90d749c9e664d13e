import Fetch
import JobEngine
import Logging

/// The CheckTick jobs this module provides, configured from the environment.
public enum CheckTickJobs {
    /// `process_data_governance`, `cleanup_survey_progress` and `process_recovery_time_delays`.
    ///
    /// Reads `SITE_URL`, `BRAND_TITLE` and the `EMAIL_*` / `DEFAULT_FROM_EMAIL` / `JOBS_SMTP_CONNECTIONS`
    /// variables; a bad value throws a `CommandError` naming the variable. Without `EMAIL_HOST` the jobs
    /// still run (dry runs, cleanup), but a run that has to send mail ends with a `CommandError`.
    /// The database is reached only through each run's `JobContext`.
    public static func make(environment: [String: String], logger: Logger) throws -> [any Job] {
        let settings = try CheckTickSettings(environment: environment)
        let renderer = try MailRenderer(brandTitle: settings.brandTitle, siteURL: settings.siteURL)
        let mail: MailContext
        if let smtp = settings.mail {
            mail = MailContext(
                transport: SMTPTransport(mailer: SMTPMailer(settings: smtp, logger: logger)), from: smtp.defaultFrom,
                configured: true)
        } else {
            let defaults = try? SMTPSettings(environment: environment)
            mail = MailContext(
                transport: UnconfiguredMailTransport(), from: defaults?.defaultFrom ?? SMTPSettings().defaultFrom,
                configured: false)
            logger.debug("EMAIL_HOST is not set: jobs that must send e-mail will fail")
        }
        return [
            DataGovernanceJob(renderer: renderer, mail: mail),
            SurveyProgressCleanupJob(),
            RecoveryTimeDelayJob(renderer: renderer, mail: mail),
        ]
    }
}
