import Testing
@testable import Signing

@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors: input, base64, base64url without padding.
    static let rfc4648: [(String, String, String)] = [
        ("", "", ""), ("f", "Zg==", "Zg"), ("fo", "Zm8=", "Zm8"), ("foo", "Zm9v", "Zm9v"),
        ("foob", "Zm9vYg==", "Zm9vYg"), ("fooba", "Zm9vYmE=", "Zm9vYmE"), ("foobar", "Zm9vYmFy", "Zm9vYmFy"),
    ]

    @Test func encodesAndDecodesRFC4648Vectors() {
        for (plain, standard, url) in Self.rfc4648 {
            #expect(Base64.encode(Array(plain.utf8)) == standard)
            #expect(Base64.decode(standard) == Array(plain.utf8))
            #expect(Base64URL.encode(Array(plain.utf8)) == url)
            #expect(Base64URL.decode(url) == Array(plain.utf8))
        }
    }

    @Test func usesDistinctAlphabetsForPlusSlashAndDashUnderscore() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64URL.encode(bytes) == "-_-_")
        #expect(Base64.decode("-_-_") == nil)
        #expect(Base64URL.decode("+/+/") == nil)
    }

    @Test func roundTripsEveryLengthUpTo100Bytes() throws {
        for length in 0...100 {
            let bytes = try SecureRandom.bytes(length)
            #expect(Base64.decode(Base64.encode(bytes)) == bytes, "length \(length)")
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes, "length \(length)")
            #expect(Base64.encode(bytes).utf8.count == (length + 2) / 3 * 4)
            #expect(!Base64URL.encode(bytes).contains("="))
        }
    }

    @Test func roundTripsEveryByteValue() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm8", "Z===", "Zg===", "=Zg=", "Zg==Zg==", "Zm=v", "Zm9v ", " Zm9v", "Zm9\nv", "Zm9v\r\n",
        "Zm9*", "Zm9vYg=\u{0}", "Zm9vYé==", "Zh==", "Zm9=",
    ])
    func standardDecodingRejectsMalformedText(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test(arguments: ["Zg==", "Zm8=", "Z", "Zm9vY", "Zm9v Zg", "Zm9v\n", "Zh", "Zm9", "Zm+v", "Zm/v", "Zg%3D"])
    func urlDecodingRejectsMalformedText(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func rejectsNonCanonicalTrailingBits() {
        // "Zh==" and "Zm9=" decode to the same bytes as "Zg==" and "Zm8=" in lenient decoders.
        #expect(Base64.decode("Zh==") == nil)
        #expect(Base64.decode("Zm9=") == nil)
        #expect(Base64URL.decode("Zh") == nil)
        #expect(Base64URL.decode("Zm9") == nil)
        #expect(Base64URL.decode("Zm8") == Array("fo".utf8))
        #expect(Base64URL.decode("Zm-") == nil)
    }

    @Test func decodesSubstrings() {
        let header = "v1,Zm9vYmFy"
        #expect(Base64.decode(header.dropFirst(3)) == Array("foobar".utf8))
    }

    @Test func decodesIntoACallersBufferOnlyWhenItFits() {
        let text = Array(Base64.encode(Array(0..<32)).utf8)
        var buffer = [UInt8](repeating: 0, count: 40)
        let written = text.withUnsafeBufferPointer { source in
            buffer.withUnsafeMutableBytes { Base64.decode(bytes: source, into: $0) }
        }
        #expect(written == 32)
        #expect(Array(buffer.prefix(32)) == Array(0..<32))
        var small = [UInt8](repeating: 0, count: 31)
        let overflow = text.withUnsafeBufferPointer { source in
            small.withUnsafeMutableBytes { Base64.decode(bytes: source, into: $0) }
        }
        #expect(overflow == nil)
        #expect(small.allSatisfy { $0 == 0 })
        let invalid = Array("AAA*".utf8).withUnsafeBufferPointer { source in
            buffer.withUnsafeMutableBytes { Base64.decode(bytes: source, into: $0) }
        }
        #expect(invalid == nil)
    }
}
