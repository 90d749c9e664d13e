extension SMTPSettings {
    /// Values accepted as true by CheckTick's django-environ booleans (case-insensitive).
    static let trueWords: Set<String> = ["true", "on", "ok", "y", "yes", "1"]
    /// Values accepted as false.
    static let falseWords: Set<String> = ["false", "off", "n", "no", "0", ""]
    /// Upper bound for `JOBS_SMTP_CONNECTIONS`.
    public static let maxConnections = 64

    /// Reads the settings from an environment; a bad value throws `invalidSetting` naming the variable.
    /// `<NAME>_FILE` secrets must be resolved by the caller before this.
    public init(environment env: [String: String]) throws(MailError) {
        self.init()
        if let value = env["EMAIL_HOST"] {
            let ok = !value.isEmpty && value.unicodeScalars.allSatisfy {
                $0.value > 0x20 && $0.value < 0x7F && !"/?#@".unicodeScalars.contains($0)
            }
            guard ok else { throw .invalidSetting(name: "EMAIL_HOST", reason: "must be a host name or IP address") }
            host = value
        }
        if let value = env["EMAIL_PORT"] {
            guard let number = Int(value.trimmingASCIIWhitespace()), (1...65535).contains(number) else {
                throw .invalidSetting(name: "EMAIL_PORT", reason: "must be an integer from 1 to 65535")
            }
            port = number
        }
        if let value = env["EMAIL_USE_TLS"] {
            let word = value.trimmingASCIIWhitespace().lowercased()
            if Self.trueWords.contains(word) {
                requireTLS = true
            } else if Self.falseWords.contains(word) {
                requireTLS = false
            } else {
                throw .invalidSetting(name: "EMAIL_USE_TLS", reason: "must be true or false")
            }
        }
        if let value = env["EMAIL_HOST_USER"] {
            guard !value.containsLineBreakOrNUL else {
                throw .invalidSetting(name: "EMAIL_HOST_USER", reason: "must not contain line breaks")
            }
            username = value
        }
        if let value = env["EMAIL_HOST_PASSWORD"] {
            guard !value.containsLineBreakOrNUL else {
                throw .invalidSetting(name: "EMAIL_HOST_PASSWORD", reason: "must not contain line breaks")
            }
            password = value
        }
        if let value = env["EMAIL_TIMEOUT"] {
            guard let seconds = Double(value.trimmingASCIIWhitespace()), seconds > 0, seconds <= 3600 else {
                throw .invalidSetting(name: "EMAIL_TIMEOUT", reason: "must be a number of seconds above 0")
            }
            timeout = .milliseconds(Int((seconds * 1000).rounded()))
        }
        if let value = env["DEFAULT_FROM_EMAIL"] {
            do {
                _ = try MailAddress(parsing: value)
            } catch {
                throw .invalidSetting(name: "DEFAULT_FROM_EMAIL", reason: "must be an e-mail address")
            }
            defaultFrom = value
        }
        if let value = env["JOBS_SMTP_CONNECTIONS"] {
            guard let number = Int(value.trimmingASCIIWhitespace()), (1...Self.maxConnections).contains(number) else {
                throw .invalidSetting(name: "JOBS_SMTP_CONNECTIONS",
                                      reason: "must be an integer from 1 to \(Self.maxConnections)")
            }
            connections = number
        }
    }
}
