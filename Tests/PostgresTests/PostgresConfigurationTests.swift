import Testing

@testable import Postgres

@Suite struct PostgresConfigurationTests {
    @Test func acceptsBothURLSchemesAndKeywordStrings() throws {
        let url = try PostgresConfiguration(
            connectionString: "postgres://app:pw@db.example:5433/checktick?sslmode=require")
        #expect(url.database == "checktick")
        #expect(url.value(of: "host") == "db.example")
        #expect(url.value(of: "port") == "5433")
        #expect(url.value(of: "sslmode") == "require")
        let long = try PostgresConfiguration(connectionString: "postgresql://app@db.example/checktick")
        #expect(long.database == "checktick")
        let keywords = try PostgresConfiguration(connectionString: "host=db.example dbname=checktick user=app")
        #expect(keywords.database == "checktick")
        #expect(keywords.value(of: "user") == "app")
    }

    @Test func redactedDescriptionHidesPasswords() throws {
        let url = try PostgresConfiguration(connectionString: "postgresql://app:s3cret@db.example:5432/checktick")
        #expect(!url.redacted.contains("s3cret"))
        #expect(url.redacted.contains("password=***"))
        #expect(url.redacted.contains("host=db.example"))
        #expect("\(url)" == url.redacted)
        let keywords = try PostgresConfiguration(
            connectionString: "host=db password='s3 cret' sslpassword=k3y dbname=x")
        #expect(!keywords.redacted.contains("s3"))
        #expect(!keywords.redacted.contains("k3y"))
        let parts = Set(keywords.redacted.split(separator: " ").map(String.init))
        #expect(parts == ["host=db", "password=***", "sslpassword=***", "dbname=x"])
    }

    @Test func invalidStringsNameTheVariableWithoutEchoingThePassword() {
        let inputs = [
            "postgresql://app:s3cret@db.example/checktick?bogus=s3cret",
            "postgresql://app:s3cr%zzet@db.example/checktick",
            "host=db password=s3cret s3cret",
            "postgresql://app:s3cret@[::1/checktick",
            "just-a-name-s3cret",
        ]
        for input in inputs {
            do {
                _ = try PostgresConfiguration(connectionString: input)
                Issue.record("accepted \(input)")
            } catch {
                #expect(error.kind == .invalidConfiguration)
                #expect(error.description.hasPrefix("DATABASE_URL is not a valid PostgreSQL connection string"))
                #expect(!error.description.contains("s3cr"), "\(error.description)")
                #expect(!error.debugDescription.contains("s3cr"), "\(error.debugDescription)")
            }
        }
    }

    @Test func missingEmptyAndBadSSLModeAreErrors() {
        #expect(throws: PostgresError.self) { try PostgresConfiguration(environment: [:]) }
        do {
            _ = try PostgresConfiguration(environment: [:], variableName: "DATABASE_URL")
        } catch {
            #expect(error.description == "DATABASE_URL is not set")
        }
        do {
            _ = try PostgresConfiguration(connectionString: "  ")
        } catch {
            #expect(error.description == "DATABASE_URL is empty")
        }
        do {
            _ = try PostgresConfiguration(connectionString: "postgresql://db/x?sslmode=required")
            Issue.record("accepted a bad sslmode")
        } catch {
            #expect(error.description.contains("DATABASE_URL has an invalid sslmode"))
        }
    }

    @Test func replacingDatabaseKeepsCredentials() throws {
        let base = try PostgresConfiguration(
            connectionString: "postgresql://app:pw@db.example:5432/postgres?sslmode=disable")
        let other = base.replacingDatabase("test db")
        #expect(other.database == "test db")
        #expect(other.value(of: "password") == "pw")
        #expect(other.value(of: "sslmode") == "disable")
        let reparsed = try PostgresConfiguration(connectionString: other.connectionString)
        #expect(reparsed.database == "test db")
    }

    @Test func connectParametersPutDefaultsBeforeTheConnectionString() throws {
        var configuration = try PostgresConfiguration(connectionString: "postgresql://db/x")
        configuration.connectTimeout = .milliseconds(1500)
        let parameters = configuration.connectParameters()
        let keys = parameters.map(\.0)
        #expect(parameters.first { $0.0 == "connect_timeout" }?.1 == "2")
        #expect(keys.firstIndex(of: "connect_timeout")! < keys.firstIndex(of: "dbname")!)
        #expect(keys.last == "client_encoding")
    }
}
