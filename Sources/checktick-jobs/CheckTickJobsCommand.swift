import ArgumentParser

/// `checktick-jobs`: CheckTick's scheduled jobs as an HTTP trigger service and a CLI.
@main
struct CheckTickJobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checktick-jobs",
        abstract: "Runs CheckTick's scheduled maintenance jobs: over signed HTTP triggers, or from the command line.",
        discussion: "Configuration comes from the environment (DATABASE_URL, JOBS_WEBHOOK_SECRETS, …); see README.md.",
        subcommands: [
            ServeCommand.self, RunCommand.self, JobsCommand.self, MigrateCommand.self, SignCommand.self,
            SignURLCommand.self, DemoCommand.self,
        ]
    )
}
