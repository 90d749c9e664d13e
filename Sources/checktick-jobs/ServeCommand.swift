import ArgumentParser
import FoundationEssentials
import Glibc
import HTTPServer
import JobEngine
import JobsAPI
import Logging
import Scheduling
import Signing

/// `checktick-jobs serve`: the HTTP trigger service with its workers.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (signed triggers, status, health, metrics) and run queued jobs.")

    @Flag(help: "Apply the service's own migrations before serving.")
    var migrate = false

    func run() throws {
        // Signals are taken synchronously by this thread (sigwait); every thread started later inherits the mask.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        let services = Services.make()
        let pinger = services.pinger
        let configuration = services.configuration
        let table: ScheduleTable?
        do {
            table = try ScheduleTable.load(setting: configuration.schedule, registry: services.engine.registry)
        } catch {
            Console.error("configuration error: \(error)")
            Console.exit(2)
        }
        let scheduler = table.map { Scheduler(engine: services.engine, table: $0, logger: services.logger) }
        guard let secrets = configuration.webhookSecrets else {
            Console.fail(ConfigurationError(
                "JOBS_WEBHOOK_SECRETS", "is not set: serve refuses to start without a signing secret "
                    + "(generate one with: checktick-jobs sign --generate-secret)"))
        }
        let keyring: WebhookKeyring
        do {
            keyring = try WebhookKeyring(parsing: secrets)
        } catch {
            Console.fail(ConfigurationError("JOBS_WEBHOOK_SECRETS", Self.problem(error)))
        }
        if let token = configuration.readToken, token.utf8.count < 16 {
            Console.fail(ConfigurationError("JOBS_READ_TOKEN", "must be at least 16 characters"))
        }
        if migrate { _ = services.migrate() }

        let verifier = WebhookVerifier(keyring: keyring, toleranceSeconds: Int64(configuration.signatureToleranceSeconds))
        let authenticator = Authenticator(verifier: verifier, readToken: configuration.readToken) {
            Int64(Date().timeIntervalSince1970)
        }
        let api = JobsAPI(
            engine: services.engine, authenticator: authenticator, logger: services.logger,
            presignedMinInterval: Int64(configuration.presignedMinIntervalSeconds),
            schedule: scheduler.map { scheduler in
                { @Sendable job in
                    scheduler.table.schedule(for: job).map {
                        ScheduleInfo(expressions: $0.expressions.map(\.description), nextRun: scheduler.nextRun(for: job))
                    }
                }
            })

        var http = HTTPServerConfiguration(host: configuration.listenHost, port: configuration.listenPort)
        http.eventLoopCount = configuration.eventLoops
        http.handlerThreads = configuration.handlerThreads
        http.maxHeaderBytes = configuration.maxHeaderBytes
        http.maxBodyBytes = configuration.maxBodyBytes
        http.headerReadTimeout = .seconds(configuration.headerTimeoutSeconds)
        http.idleTimeout = .seconds(configuration.idleTimeoutSeconds)
        http.maxConnections = configuration.maxConnections
        http.onResponse = { record in api.recordAccess(record) }
        let server = HTTPServer(configuration: http, logger: services.logger) { api.makeRouter() }

        if services.environment.string("EMAIL_HOST") == nil {
            services.logger.notice("EMAIL_HOST is not set: runs that must send e-mail will fail until it is")
        }
        services.engine.start()
        scheduler?.start()
        let port: Int
        do {
            port = try server.start()
        } catch {
            Console.error("serve: cannot listen on \(configuration.listenHost):\(configuration.listenPort): \(error)")
            throw ExitCode(1)
        }
        services.logger.info("serving", metadata: [
            "http.address": "\(configuration.listenHost):\(port)", "jobs": "\(services.engine.registry.names.joined(separator: ","))",
            "workers": "\(configuration.workers)", "keys": "\(keyring.secrets.count)",
            "schedule": "\(table == nil ? "off" : configuration.schedule)",
        ])

        var received: Int32 = 0
        sigwait(&signals, &received)
        services.logger.info("shutting down", metadata: ["signal": "\(received == SIGTERM ? "SIGTERM" : "SIGINT")"])
        // 1. readiness goes 503 and new triggers get 503 at once; 2. listeners close and in-flight requests
        // finish; 3. running jobs get the grace period, then are cancelled and re-queued.
        let grace = Duration.seconds(configuration.shutdownGraceSeconds)
        scheduler?.stop()
        services.engine.beginDraining()
        server.shutdown(gracePeriod: min(grace, .seconds(10)))
        services.engine.drain(grace: grace)
        _ = pinger.waitUntilIdle(timeout: .seconds(5))
        services.pool.close()
        services.logger.info("stopped")
    }

    static func problem(_ error: SigningError) -> String {
        let text = error.description
        let prefix = WebhookKeyring.variableName + ": "
        return text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
    }
}
