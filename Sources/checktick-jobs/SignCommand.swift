import ArgumentParser
import FoundationEssentials
import JobsAPI
import Signing

/// `checktick-jobs sign <job>`: the Standard Webhooks headers (or a ready curl command) for one trigger.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Print signed Standard Webhooks headers for POST /jobs/<job> (or a ready curl command).",
        discussion: "Signs with the first key in JOBS_WEBHOOK_SECRETS allowed for the job. Each output is valid for "
            + "JOBS_SIGNATURE_TOLERANCE_S seconds and, being one webhook-id, triggers at most one run.")

    @Argument(help: "The job to trigger.")
    var job: String?

    @Option(help: "JSON body with the job's options, e.g. '{\"dry_run\": true}'.")
    var body: String = ""

    @Option(help: "Print a curl command for this base URL (e.g. http://127.0.0.1:8080) instead of headers.")
    var curl: String?

    @Option(help: "Wait up to this many seconds for the run to finish (adds ?wait= to the curl URL).")
    var wait: Int?

    @Option(help: "Use this webhook-id (idempotency key) instead of a fresh one.")
    var id: String?

    @Flag(help: "Print a new random secret for JOBS_WEBHOOK_SECRETS and exit.")
    var generateSecret = false

    func run() throws {
        if generateSecret {
            Console.out(try WebhookSecret.generate())
            return
        }
        guard let job else { throw ValidationError("name the job to sign for, e.g. checktick-jobs sign cleanup_survey_progress") }
        let keyring = try Self.keyring()
        guard let secret = keyring.signingSecret(for: job) else {
            Console.error("sign: no key in JOBS_WEBHOOK_SECRETS may trigger \(job)")
            throw ExitCode(2)
        }
        let id = try self.id ?? WebhookSigner.makeMessageID()
        let timestamp = Int64(Date().timeIntervalSince1970)
        let headers = WebhookSigner.headers(secret: secret, id: id, timestamp: timestamp, body: Array(body.utf8))
        guard let curl else {
            for field in headers.fields { Console.out("\(field.name): \(field.value)") }
            return
        }
        let base = curl.hasSuffix("/") ? String(curl.dropLast()) : curl
        var url = "\(base)/jobs/\(job)"
        if let wait { url += "?wait=\(wait)" }
        var command = "curl -sS --fail-with-body -X POST \(Self.quote(url))"
        for field in headers.fields { command += " -H \(Self.quote("\(field.name): \(field.value)"))" }
        if !body.isEmpty {
            command += " -H 'Content-Type: application/json' --data-raw \(Self.quote(body))"
        }
        Console.out(command)
    }

    /// The keyring from the environment, or exit 2 naming the variable.
    static func keyring() throws -> WebhookKeyring {
        let env = Environment.process()
        do {
            guard let value = try env.secret("JOBS_WEBHOOK_SECRETS") else {
                Console.fail(ConfigurationError("JOBS_WEBHOOK_SECRETS", "is not set"))
            }
            return try WebhookKeyring(parsing: value)
        } catch let error as ConfigurationError {
            Console.fail(error)
        } catch let error as SigningError {
            Console.fail(ConfigurationError("JOBS_WEBHOOK_SECRETS", ServeCommand.problem(error)))
        }
    }

    /// Single-quotes a word for POSIX shells.
    static func quote(_ word: String) -> String {
        "'" + word.replacing("'", with: #"'\''"#) + "'"
    }
}
