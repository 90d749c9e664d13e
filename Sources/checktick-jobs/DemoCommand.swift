import ArgumentParser
import CheckTick
import FoundationEssentials

/// `checktick-jobs demo`: fills a standalone database with realistic CheckTick data for a first look.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill the database with demo users, surveys in every retention state, responses, progress, "
            + "legal holds and recovery requests (creates the CheckTick tables first; never use on production).")

    func run() throws {
        let services = Services.make(workers: 0)
        defer { services.pool.close() }
        do {
            try services.pool.withConnection { connection in
                try connection.simpleQuery(unsafeSQL: CheckTickSchema.checktickTablesDDL)
            }
            _ = services.migrate()
            Console.out(try DemoData.fill(services.pool, now: Date(), logger: services.logger))
        } catch {
            Console.error("demo: \(error)")
            throw ExitCode(1)
        }
    }
}
