import Fetch
import FoundationEssentials
import Glibc
import JobEngine
import JobsAPI
import Logging
import Postgres
import Scheduling
import Signing

/// The long-lived parts every command that touches the database needs, built from one configuration.
struct Services {
    let configuration: ServiceConfiguration
    let environment: Environment
    let logger: Logger
    let pool: PostgresPool
    let engine: JobEngine
    /// Completion pings (`JOBS_PING_URL_<JOB>`), observing every run this process executes.
    let pinger: CompletionPinger

    /// Reads the configuration (exiting with one clear line when it is bad) and builds the engine.
    static func make(workers: Int? = nil) -> Services {
        let environment = Environment.process()
        let configuration: ServiceConfiguration
        let postgres: PostgresConfiguration
        do {
            configuration = try ServiceConfiguration.load(environment, cores: Console.cores)
        } catch {
            Console.fail(error)
        }
        do {
            postgres = try PostgresConfiguration(connectionString: configuration.databaseURL)
        } catch {
            Console.fail(ConfigurationError("DATABASE_URL", error.description))
        }
        Console.bootstrapLogging(format: configuration.logFormat, level: configuration.logLevel)
        Curl.globalInit()
        let logger = Logger(label: "checktick-jobs")
        let registry = JobCatalog.registry(environment, logger: logger)
        let pinger = makePinger(environment, registry: registry, logger: logger)
        let pool = PostgresPool(
            configuration: postgres, settings: .init(size: configuration.databasePoolSize), logger: logger)
        var settings = EngineSettings()
        settings.workers = workers ?? configuration.workers
        settings.queueCapacity = configuration.queueCapacity
        settings.historyDays = configuration.historyDays
        settings.lease = .seconds(configuration.leaseSeconds)
        settings.migrations = JobCatalog.migrations
        settings.heartbeatInterval = .milliseconds(max(500, configuration.leaseSeconds * 1000 / 6))
        let engine = JobEngine(
            registry: registry, database: pool, settings: settings, logger: logger,
            observers: [{ event in pinger.observe(event) }])
        return Services(
            configuration: configuration, environment: environment, logger: logger, pool: pool, engine: engine,
            pinger: pinger)
    }

    /// The pinger from `JOBS_PING_URL_<JOB>` (or `…_FILE`); a bad URL exits naming the variable.
    static func makePinger(_ environment: Environment, registry: JobRegistry, logger: Logger) -> CompletionPinger {
        do {
            var values = environment.values.filter { !$0.value.isEmpty }
            for name in values.keys where name.hasPrefix("JOBS_PING_URL_") && name.hasSuffix("_FILE") {
                let base = String(name.dropLast(5))
                values[base] = try environment.secret(base)
                values.removeValue(forKey: name)
            }
            return try CompletionPinger(environment: values, registry: registry, logger: logger)
        } catch let error as ConfigurationError {
            Console.fail(error)
        } catch {
            Console.error("configuration error: \(error)")
            Console.exit(2)
        }
    }

    /// Applies the service's migrations; exits 1 with the reason when the database refuses.
    func migrate() -> [String] {
        do {
            return try Migrator(configuration: pool.configuration, logger: logger)
                .migrate(JobCatalog.migrations, schema: EngineSchema.schema)
        } catch {
            logger.error("migration failed", metadata: ["error": "\(error.debugDescription)"])
            Console.error("migrate: \(error.description)")
            exit(1)
        }
    }
}
