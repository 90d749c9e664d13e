import ArgumentParser
import CheckTick

/// `checktick-jobs migrate`: creates or updates the service's own schema `checktick_jobs`.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the service's migrations (schema checktick_jobs) under an advisory lock; a no-op when current.")

    @Flag(help: "Also create CheckTick's own tables the jobs use (for a standalone or demo database; idempotent).")
    var checktickSchema = false

    func run() throws {
        let services = Services.make(workers: 0)
        defer { services.pool.close() }
        if checktickSchema {
            do {
                try services.pool.withConnection { connection in
                    try connection.simpleQuery(unsafeSQL: CheckTickSchema.checktickTablesDDL)
                }
                Console.out("CheckTick tables present: \(CheckTickSchema.checktickTables.count)")
            } catch {
                Console.error("migrate: cannot create the CheckTick tables: \(error)")
                throw ExitCode(1)
            }
        }
        let applied = services.migrate()
        if applied.isEmpty {
            Console.out("No migrations to apply.")
        } else {
            for name in applied { Console.out("Applied \(name)") }
        }
    }
}
