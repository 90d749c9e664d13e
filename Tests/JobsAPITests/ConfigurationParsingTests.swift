import JobsAPI
import Testing

@Suite("ServiceConfiguration from the environment")
struct ConfigurationParsingTests {
    private let base = ["DATABASE_URL": "postgresql://u@h/db"]

    private func load(_ extra: [String: String]) throws -> ServiceConfiguration {
        try ServiceConfiguration.load(Environment(base.merging(extra) { $1 }), cores: 2)
    }

    @Test func defaultsMatchTheDesign() throws {
        let configuration = try load([:])
        #expect(configuration.listenHost == "0.0.0.0" && configuration.listenPort == 8080)
        #expect(configuration.workers == 2 && configuration.queueCapacity == 100)
        #expect(configuration.signatureToleranceSeconds == 300 && configuration.shutdownGraceSeconds == 25)
        #expect(configuration.maxBodyBytes == 65_536 && configuration.maxHeaderBytes == 16_384)
        #expect(configuration.maxConnections == 10_000 && configuration.eventLoops == 2)
        #expect(configuration.schedule == "off" && configuration.logFormat == "text")
        #expect(configuration.databasePoolSize == 16 + 2 + 4)
    }

    @Test(arguments: [
        ("127.0.0.1:9000", "127.0.0.1", 9000), (":7000", "0.0.0.0", 7000), ("[::]:8080", "::", 8080),
        ("[::1]:0", "::1", 0),
    ])
    func parsesListenAddresses(listen: String, host: String, port: Int) throws {
        let configuration = try load(["JOBS_LISTEN": listen])
        #expect(configuration.listenHost == host)
        #expect(configuration.listenPort == port)
    }

    @Test(arguments: ["localhost:80", "1.2.3:80", "[nope]:80", "127.0.0.1", "127.0.0.1:99999"])
    func rejectsBadListenAddressesNamingTheVariable(listen: String) {
        #expect(throws: ConfigurationError.self) { try load(["JOBS_LISTEN": listen]) }
        do { _ = try load(["JOBS_LISTEN": listen]) } catch { #expect((error as? ConfigurationError)?.variable == "JOBS_LISTEN") }
    }

    @Test func portComesFromPORTWhenNoListenAddress() throws {
        #expect(try load(["PORT": "5000"]).listenPort == 5000)
    }

    @Test func emptyValuesMeanUnset() throws {
        let configuration = try load(["JOBS_WORKERS": "", "JOBS_LOG_FORMAT": "", "JOBS_READ_TOKEN": ""])
        #expect(configuration.workers == 2)
        #expect(configuration.readToken == nil)
    }

    @Test func missingDatabaseURLIsAnError() {
        #expect(throws: ConfigurationError.self) { try ServiceConfiguration.load(Environment([:]), cores: 1) }
    }

    @Test func secretAndItsFileTogetherAreAnError() {
        #expect(throws: ConfigurationError.self) {
            try load(["JOBS_READ_TOKEN": "a", "JOBS_READ_TOKEN_FILE": "/etc/hostname"])
        }
    }
}
