import Testing

@testable import HTTPServer

@Suite("Generated request ids: 13 base32 characters, never repeated by one generator")
struct RequestIDTests {
    @Test func areDistinctAndSafeToEchoAndLog() {
        var generator = RequestID()
        var seen = Set<String>()
        for _ in 0..<200_000 {
            let id = generator.next()
            #expect(id.utf8.count == RequestID.generatedLength)
            seen.insert(id)
        }
        // SplitMix64 maps its counter one-to-one onto 64 bits, and 13 base32 characters hold all 64.
        #expect(seen.count == 200_000)
        #expect(seen.allSatisfy(RequestID.isValid))
        #expect(seen.allSatisfy { $0.first.map { "abcdefghijklmnop".contains($0) } == true })
    }
}
