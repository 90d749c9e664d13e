import ArgumentParser

/// `checktick-jobs migrate`: creates or updates the service's own schema `checktick_jobs`.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the service's migrations (schema checktick_jobs) under an advisory lock; a no-op when current.")

    func run() throws {
        let services = Services.make(workers: 0)
        let applied = services.migrate()
        if applied.isEmpty {
            Console.out("No migrations to apply.")
        } else {
            for name in applied { Console.out("Applied \(name)") }
        }
        services.pool.close()
    }
}
