import Fetch

/// The CheckTick settings the jobs read from the environment (names as in CheckTick's own settings).
struct CheckTickSettings: Sendable {
    /// `SITE_URL` default.
    static let defaultSiteURL = "http://localhost:8000"
    /// `BRAND_TITLE` default.
    static let defaultBrandTitle = "CheckTick"

    /// `SITE_URL` without a trailing slash: the base of links in e-mails.
    let siteURL: String
    /// `BRAND_TITLE`: product name in e-mails.
    let brandTitle: String
    /// SMTP settings; nil when `EMAIL_HOST` is not set (jobs that must mail then fail with a clear message).
    let mail: SMTPSettings?

    /// Reads and validates the settings; a bad value throws a `CommandError` naming the variable.
    init(environment: [String: String]) throws(CommandError) {
        let site = environment["SITE_URL"] ?? Self.defaultSiteURL
        let lowered = site.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), site.count > 8,
            !site.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" })
        else {
            throw CommandError("invalid SITE_URL: must be an http:// or https:// URL")
        }
        var trimmed = Substring(site)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        siteURL = String(trimmed)
        let brand = environment["BRAND_TITLE"] ?? Self.defaultBrandTitle
        guard !brand.allSatisfy(\.isWhitespace), !brand.contains(where: \.isNewline) else {
            throw CommandError("invalid BRAND_TITLE: must be a non-empty single line")
        }
        brandTitle = brand
        do {
            let settings = try SMTPSettings(environment: environment)
            mail = (environment["EMAIL_HOST"]?.isEmpty ?? true) ? nil : settings
        } catch {
            throw CommandError(error.description)
        }
    }
}
