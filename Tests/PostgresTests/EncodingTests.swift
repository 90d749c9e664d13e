import FoundationEssentials
import Testing

@testable import Postgres

/// Decodes `text` with `Value`'s text decoder.
func decodeText<Value: PostgresDecodable>(_ text: String, as type: Value.Type) -> Value? {
    var text = text
    return text.withUTF8 { Value(postgresText: $0) }
}

/// A status persisted by raw value, as the job engine does.
enum SampleStatus: String, PostgresEncodable, PostgresDecodable {
    case queued, running
}

@Suite struct EncodingTests {
    @Test func stringArraysQuoteEveryElementAndRoundTrip() {
        let values = ["a", "b\"c", "d\\e", "", "NULL", "x,y", "{}", "ünï 🚀", " padded "]
        let literal = values.postgresText
        #expect(literal == #"{"a","b\"c","d\\e","","NULL","x,y","{}","ünï 🚀"," padded "}"#)
        #expect(decodeText(literal!, as: [String].self) == values)
        #expect([String]().postgresText == "{}")
        #expect(decodeText("{}", as: [String].self) == [])
    }

    @Test func arrayDecodingHandlesServerOutputAndRejectsNullsAndNesting() {
        #expect(
            decodeText(#"{plain,"with space","q\"uote",NULL2}"#, as: [String].self) == [
                "plain", "with space", "q\"uote", "NULL2",
            ])
        #expect(decodeText("{1,-2,9223372036854775807}", as: [Int64].self) == [1, -2, .max])
        #expect(decodeText("[0:1]={5,6}", as: [Int].self) == [5, 6])
        #expect(decodeText("{a,NULL}", as: [String].self) == nil)
        #expect(decodeText("{{1,2},{3,4}}", as: [Int].self) == nil)
        #expect(decodeText("{1,}", as: [Int].self) == nil)
        #expect(decodeText("{\"open", as: [String].self) == nil)
        #expect(decodeText("{t,f}", as: [Bool].self) == [true, false])
    }

    @Test func byteArraysAreByteaHex() {
        let bytes: [UInt8] = [0x00, 0xff, 0x10, 0x5c]
        #expect(bytes.postgresText == "\\x00ff105c")
        #expect(decodeText("\\x00FF105c", as: [UInt8].self) == bytes)
        #expect(decodeText("\\x", as: [UInt8].self) == [])
        #expect(decodeText("\\x0", as: [UInt8].self) == nil)
        #expect(decodeText("\\xzz", as: [UInt8].self) == nil)
        #expect(decodeText(#"a\\b\001\377"#, as: [UInt8].self) == [0x61, 0x5c, 0x62, 0x01, 0xff])
        #expect(decodeText(#"\400"#, as: [UInt8].self) == nil)
        #expect(decodeText(#"trailing\"#, as: [UInt8].self) == nil)
    }

    @Test func uuidsAreLowerCaseCanonical() throws {
        let uuid = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(uuid.postgresText == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
        #expect(decodeText("e621e1f8-c36c-495a-93fc-0c247a3e6e5f", as: UUID.self) == uuid)
        #expect(decodeText("E621E1F8-C36C-495A-93FC-0C247A3E6E5F", as: UUID.self) == uuid)
        #expect(decodeText("e621e1f8c36c495a93fc0c247a3e6e5f", as: UUID.self) == nil)
        #expect(decodeText("e621e1f8-c36c-495a-93fc-0c247a3e6e5g", as: UUID.self) == nil)
    }

    @Test func integersRejectOverflowAndGarbage() {
        #expect(decodeText("-9223372036854775808", as: Int64.self) == .min)
        #expect(decodeText("9223372036854775808", as: Int64.self) == nil)
        #expect(decodeText("2147483647", as: Int32.self) == .max)
        #expect(decodeText("2147483648", as: Int32.self) == nil)
        #expect(decodeText("12a", as: Int.self) == nil)
        #expect(decodeText("", as: Int.self) == nil)
        #expect(decodeText("-", as: Int.self) == nil)
        #expect(Int.min.postgresText == "-9223372036854775808")
    }

    @Test func doublesUsePostgresSpellingsForSpecialValues() {
        #expect(Double.infinity.postgresText == "Infinity")
        #expect((-Double.infinity).postgresText == "-Infinity")
        #expect(Double.nan.postgresText == "NaN")
        #expect(decodeText("-Infinity", as: Double.self) == -.infinity)
        #expect(decodeText("NaN", as: Double.self)?.isNaN == true)
        #expect(decodeText("1.5e-07", as: Double.self) == 1.5e-07)
        #expect(decodeText("123.4500", as: Double.self) == 123.45)
        #expect(decodeText("inf", as: Double.self) == nil)
    }

    @Test func booleansAndRawRepresentableEnums() {
        #expect(decodeText("t", as: Bool.self) == true)
        #expect(decodeText("f", as: Bool.self) == false)
        #expect(decodeText("yes", as: Bool.self) == nil)
        #expect(true.postgresText == "true")
        #expect(SampleStatus.running.postgresText == "running")
        #expect(decodeText("queued", as: SampleStatus.self) == .queued)
        #expect(decodeText("unknown", as: SampleStatus.self) == nil)
    }

    @Test func jsonEncodesEncodableValues() throws {
        struct Params: Codable, Equatable { let dryRun: Bool; let dataset: String }
        let json = try PostgresJSON(encoding: Params(dryRun: true, dataset: "a\"b"))
        #expect(try json.decode(as: Params.self) == Params(dryRun: true, dataset: "a\"b"))
        #expect(throws: PostgresError.self) { try PostgresJSON("{not json").decode(as: Params.self) }
    }
}
