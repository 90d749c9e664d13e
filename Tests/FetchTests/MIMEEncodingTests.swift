@testable import Fetch
import Foundation
import Testing

@Suite("MIME encoders")
struct MIMEEncodingTests {
    static let recoverySubject = "🔑 Your Data Access is Ready - Complete Recovery Now"

    @Test(arguments: [recoverySubject, "Données supprimées dans 7 jours — «Enquête»", String(repeating: "é", count: 100), ""])
    func encodedWordsDecodeBackAndStayShort(text: String) throws {
        let words = MIMEEncoding.encodedWords(text)
        #expect(words.allSatisfy { $0.count <= 75 })
        #expect(try decodeWords(words) == text)
    }

    @Test func encodedWordsNeverSplitACharacter() throws {
        let text = String(repeating: "🔑", count: 40)
        for word in MIMEEncoding.encodedWords(text) {
            // Each word must decode on its own (RFC 2047 §5: whole characters only).
            #expect(try decodeWords([word]).unicodeScalars.allSatisfy { $0 == "🔑" })
        }
    }

    @Test func unstructuredKeepsPlainASCIIAndFoldsLongLines() {
        #expect(MIMEEncoding.unstructured("Survey Data Deletion Warning", nameLength: 9) == "Survey Data Deletion Warning")
        let long = Array(repeating: "word", count: 40).joined(separator: " ")
        let folded = MIMEEncoding.unstructured(long, nameLength: 9)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(("Subject: " + lines[0]).count <= 78)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") && $0.count <= 78 })
        #expect(folded.replacingOccurrences(of: "\r\n", with: "") == long)
    }

    @Test func unstructuredEncodesTextThatLooksLikeAnEncodedWord() {
        #expect(MIMEEncoding.unstructured("=?UTF-8?B?Zm9v?=", nameLength: 9).hasPrefix("=?UTF-8?B?"))
    }

    @Test func quotedPrintableEncodesSpecialsAndKeepsLinesShort() {
        let text = "a=b café\ttrailing \n" + String(repeating: "x", count: 200) + "\nlast"
        let encoded = MIMEEncoding.quotedPrintable(text)
        #expect(encoded.contains("a=3Db caf=C3=A9\ttrailing=20\r\n"))
        #expect(!encoded.replacingOccurrences(of: "\r\n", with: "").utf8.contains(0x0A))
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test(arguments: ["one\r\ntwo", "one\ntwo", "one\rtwo"])
    func quotedPrintableNormalisesLineEndingsToCRLF(text: String) {
        #expect(MIMEEncoding.quotedPrintable(text) == "one\r\ntwo")
    }

    @Test func quotedPrintableNeverSplitsAnEscape() {
        let encoded = MIMEEncoding.quotedPrintable(String(repeating: "é", count: 60))
        for line in encoded.components(separatedBy: "\r\n") {
            let body = line.hasSuffix("=") ? String(line.dropLast()) : line
            #expect(body.count % 3 == 0)
        }
    }

    @Test(arguments: [
        (Int64(0), "Thu, 1 Jan 1970 00:00:00 +0000"),
        (Int64(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000"),
        (Int64(1_795_995_706), "Sun, 29 Nov 2026 23:41:46 +0000"),
        (Int64(-1), "Wed, 31 Dec 1969 23:59:59 +0000"),
    ])
    func formatsDates(seconds: Int64, expected: String) {
        #expect(RFC5322Date.format(secondsSince1970: seconds) == expected)
    }
}

/// Decodes RFC 2047 "B" words (test helper).
func decodeWords(_ words: [String]) throws -> String {
    var bytes = Data()
    for word in words {
        #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
        let payload = String(word.dropFirst(10).dropLast(2))
        bytes += try #require(Data(base64Encoded: payload))
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Decodes quoted-printable (test helper).
func decodeQuotedPrintable(_ text: String) -> String {
    var output: [UInt8] = []
    let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count,
            let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
            output.append(value)
            index += 3
        } else {
            output.append(bytes[index])
            index += 1
        }
    }
    return String(decoding: output, as: UTF8.self)
}
