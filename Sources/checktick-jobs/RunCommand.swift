import ArgumentParser
import JobEngine
import JobsAPI

/// `checktick-jobs run <job> [options]`: runs one job in this process, printing its output live.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a job now in this process (recorded as a run with trigger 'cli'); exits with its exit code.",
        discussion: "Options a job does not accept are refused. `checktick-jobs jobs` lists jobs and their options.")

    @Argument(help: "The job to run, e.g. process_data_governance.")
    var job: String

    @Flag(help: "Report what would be done; change nothing.")
    var dryRun = false

    @Flag(help: "Print a line for each item processed.")
    var verbose = false

    @Flag(help: "Run even if the data was refreshed recently.")
    var force = false

    @Option(help: "Only this dataset key (dataset syncs).")
    var dataset: String?

    func run() throws {
        let services = Services.make(workers: 0)
        guard let job = services.engine.registry.job(named: job) else {
            Console.error("CommandError: Unknown job '\(self.job)'. Known jobs: \(services.engine.registry.names.joined(separator: ", "))")
            throw ExitCode(2)
        }
        var values: [String: JSONValue] = [:]
        if dryRun { values["dry_run"] = .bool(true) }
        if verbose { values["verbose"] = .bool(true) }
        if force { values["force"] = .bool(true) }
        if let dataset { values["dataset"] = .string(dataset) }
        for name in values.keys where job.descriptor.parameter(named: name) == nil {
            let flag = JobParameter(name, .bool, help: "").flag
            Console.error("CommandError: \(job.descriptor.name) does not accept \(flag)")
            throw ExitCode(2)
        }
        let parameters: JobParameters
        do {
            parameters = try JobParameters.validate(values, for: job.descriptor)
        } catch {
            Console.error("CommandError: \(error.description)")
            throw ExitCode(2)
        }
        services.engine.start()
        defer {
            services.engine.stop()
            // Completion pings of this run go out before the process ends.
            _ = services.pinger.waitUntilIdle(timeout: .seconds(10))
        }
        do {
            let result = try services.engine.runInProcess(
                job: job, parameters: parameters, echo: { Console.out($0) }, echoError: { Console.error($0) })
            switch result.status {
            case .succeeded:
                throw ExitCode(result.exitCode ?? 0)
            default:
                if let error = result.error { Console.error("CommandError: \(error)") }
                throw ExitCode(result.exitCode.map { $0 == 0 ? 1 : $0 } ?? 1)
            }
        } catch let error as JobEngineError {
            Console.error("CommandError: \(error.description)")
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        } catch {
            services.logger.error("run failed", metadata: ["error": "\(error)"])
            Console.error("CommandError: the database is unavailable: \(services.pool.configuration.redacted)")
            throw ExitCode(1)
        }
    }
}
