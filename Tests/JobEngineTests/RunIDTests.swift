import Testing

@testable import JobEngine

@Suite("Run ids: random version-4 UUIDs in PostgreSQL's text form")
struct RunIDTests {
    @Test func idsAreLowercaseVersion4UUIDs() {
        for id in RunID.make(count: 200) + [RunID.make()] {
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36)
            for (index, byte) in bytes.enumerated() {
                if [8, 13, 18, 23].contains(index) {
                    #expect(byte == UInt8(ascii: "-"))
                } else {
                    #expect((UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte))
                }
            }
            #expect(bytes[14] == UInt8(ascii: "4"), "version nibble")
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]), "variant bits")
        }
    }

    @Test func idsDoNotRepeat() {
        let ids = RunID.make(count: 10_000)
        #expect(Set(ids).count == 10_000)
        #expect(RunID.make(count: 0).isEmpty)
    }
}
