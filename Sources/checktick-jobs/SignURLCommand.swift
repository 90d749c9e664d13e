import ArgumentParser
import FoundationEssentials
import Signing

/// `checktick-jobs sign-url <job> --expires …`: a presigned trigger URL for schedulers that send static requests.
struct SignURLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-url",
        abstract: "Print a presigned trigger URL (for EasyCron, cron-job.org and other static callers).",
        discussion: "The URL triggers exactly that job with its default options until it expires or its key is "
            + "removed from JOBS_WEBHOOK_SECRETS. Treat it as a secret.")

    @Argument(help: "The job the URL triggers.")
    var job: String

    @Option(help: "Expiry: a date (2027-12-31 or 2027-12-31T23:59:59Z) or a duration from now (90d, 12h, 30m, 1y).")
    var expires: String

    @Option(help: "Prefix the path with this base URL, e.g. https://jobs.example.org.")
    var baseURL: String?

    func run() throws {
        let now = Int64(Date().timeIntervalSince1970)
        guard let expiry = Self.parseExpiry(expires, now: now) else {
            throw ValidationError("--expires must be a date like 2027-12-31 or a duration like 90d, 12h, 30m, 1y")
        }
        guard expiry > now else { throw ValidationError("--expires is in the past") }
        let keyring = try SignCommand.keyring()
        guard let secret = keyring.signingSecret(for: job) else {
            Console.error("sign-url: no key in JOBS_WEBHOOK_SECRETS may trigger \(job)")
            throw ExitCode(2)
        }
        let path = try PresignedURL.sign(job: job, expires: expiry, secret: secret)
        let base = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        Console.out(base + path)
    }

    /// Unix seconds for `2027-12-31`, `2027-12-31T23:59:59Z`, or `N` + `s|m|h|d|w|y` from `now`.
    static func parseExpiry(_ text: String, now: Int64) -> Int64? {
        if let unit = text.last, let count = Int64(text.dropLast()), count > 0 {
            let seconds: Int64? = switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            case "w": 604_800
            case "y": 31_536_000
            default: nil
            }
            if let seconds { return now + count * seconds }
        }
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).map { Int($0) }
        guard parts.count == 3 || parts.count == 6, parts.allSatisfy({ $0 != nil }) else { return nil }
        let values = parts.map { $0! }
        guard text.count == 10 || (text.count == 20 && text.hasSuffix("Z")) else { return nil }
        return unixTime(year: values[0], month: values[1], day: values[2],
                        hour: values.count == 6 ? values[3] : 0, minute: values.count == 6 ? values[4] : 0,
                        second: values.count == 6 ? values[5] : 0)
    }

    /// Days-from-civil (proleptic Gregorian, UTC) without Foundation's calendar.
    static func unixTime(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), year >= 1970
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}
