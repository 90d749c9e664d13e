import ArgumentParser
import FoundationEssentials
import JobEngine

/// `checktick-jobs jobs`: the registry with each job's options and latest run.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List the jobs, their options and schedules, and each one's latest run.")

    func run() throws {
        let services = Services.make(workers: 0)
        let states = (try? services.engine.store.jobStates(jobs: services.engine.registry.names)) ?? [:]
        if services.engine.registry.jobs.isEmpty { Console.out("No jobs registered.") }
        for job in services.engine.registry.jobs {
            let descriptor = job.descriptor
            let options = descriptor.parameters.map { $0.kind == .bool ? $0.flag : "\($0.flag) VALUE" }
            Console.out("\(descriptor.name)  [\(descriptor.defaultSchedule)]  overlap=\(descriptor.overlap.rawValue)")
            Console.out("    \(descriptor.summary)")
            if !options.isEmpty { Console.out("    options: \(options.joined(separator: " "))") }
            if let state = states[descriptor.name], let run = state.lastRun {
                let freshness = state.freshness(maxAge: descriptor.maxAge, now: Date()).rawValue
                Console.out("    last run: \(run.status.rawValue) at \(run.requestedAt) (\(run.trigger)); health: \(freshness)")
            } else {
                Console.out("    last run: never")
            }
        }
        services.pool.close()
    }
}
