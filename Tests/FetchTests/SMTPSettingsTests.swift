import Fetch
import Testing

@Suite("SMTP settings from the environment")
struct SMTPSettingsTests {
    @Test func usesCheckTickDefaults() throws {
        let settings = try SMTPSettings(environment: [:])
        #expect(settings.host == "smtp.mailgun.org")
        #expect(settings.port == 587)
        #expect(settings.requireTLS)
        #expect(settings.username.isEmpty && settings.password.isEmpty)
        #expect(settings.timeout == .seconds(10))
        #expect(settings.defaultFrom == "no-reply@example.com")
        #expect(settings.connections == 4)
    }

    @Test func readsEveryVariable() throws {
        let settings = try SMTPSettings(environment: [
            "EMAIL_HOST": "mail.nhs.example", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "False",
            "EMAIL_HOST_USER": "jobs", "EMAIL_HOST_PASSWORD": "pa55 word", "EMAIL_TIMEOUT": "2.5",
            "DEFAULT_FROM_EMAIL": "CheckTick <no-reply@nhs.example>", "JOBS_SMTP_CONNECTIONS": "8",
        ])
        #expect(settings.host == "mail.nhs.example")
        #expect(settings.port == 2525)
        #expect(!settings.requireTLS)
        #expect(settings.username == "jobs")
        #expect(settings.password == "pa55 word")
        #expect(settings.timeout == .milliseconds(2500))
        #expect(settings.defaultFrom == "CheckTick <no-reply@nhs.example>")
        #expect(settings.connections == 8)
    }

    @Test(arguments: [
        ("EMAIL_PORT", "smtp"), ("EMAIL_PORT", "0"), ("EMAIL_PORT", "65536"),
        ("EMAIL_USE_TLS", "maybe"), ("EMAIL_TIMEOUT", "0"), ("EMAIL_TIMEOUT", "soon"),
        ("EMAIL_HOST", ""), ("EMAIL_HOST", "mail host"), ("EMAIL_HOST", "user@host"),
        ("DEFAULT_FROM_EMAIL", "not an address"), ("DEFAULT_FROM_EMAIL", "a@b\r\nBcc: c@d"),
        ("JOBS_SMTP_CONNECTIONS", "0"), ("JOBS_SMTP_CONNECTIONS", "65"), ("EMAIL_HOST_USER", "a\nb"),
    ])
    func namesTheBadVariable(name: String, value: String) {
        #expect {
            _ = try SMTPSettings(environment: [name: value])
        } throws: { error in
            guard case .invalidSetting(let variable, _) = error as? MailError else { return false }
            return variable == name && (error as? MailError)?.description.contains(name) == true
        }
    }

    @Test(arguments: ["true", "True", "1", "yes", "on"])
    func acceptsTrueWords(value: String) throws {
        #expect(try SMTPSettings(environment: ["EMAIL_USE_TLS": value]).requireTLS)
    }

    @Test func neverShowsThePassword() throws {
        let settings = try SMTPSettings(environment: ["EMAIL_HOST_PASSWORD": "hunter2-secret"])
        #expect(!settings.description.contains("hunter2"))
        #expect(!"\(settings)".contains("hunter2"))
        #expect {
            _ = try SMTPSettings(environment: ["EMAIL_HOST_PASSWORD": "hunter2\nx"])
        } throws: { error in
            !"\(error)".contains("hunter2") && !String(reflecting: error).contains("hunter2")
        }
    }
}
