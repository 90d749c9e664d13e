import Foundation

/// Django's `slugify` (ASCII mode) and the NHS DD key rule built on it.
enum Slug {
    /// `slugify(name.lower().replace(" ", "_"))`: parentheses vanish, underscores and hyphens stay.
    static func datasetKey(_ name: String) -> String {
        slugify(name.lowercased().replacingOccurrences(of: " ", with: "_"))
    }

    /// NFKD decomposition with every non-ASCII scalar dropped (`é` → `e`, `ﬁ` → `fi`).
    static func asciiFolded(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: value.decomposedStringWithCompatibilityMapping.unicodeScalars.filter { $0.isASCII })
        return String(out)
    }

    /// ASCII-fold (NFKD, drop the rest), lower-case, drop all but letters, digits, `_`, `-` and whitespace,
    /// collapse whitespace/hyphen runs to `-`, strip leading and trailing `-` and `_`.
    static func slugify(_ value: String) -> String {
        var kept: [Character] = []
        for original in asciiFolded(value) {
            let character = original.lowercased().first ?? original
            if character.isLetter || character.isNumber || character == "_" || character == "-" || character.isWhitespace {
                kept.append(character)
            }
        }
        var out = ""
        var pendingDash = false
        for character in kept {
            if character == "-" || character.isWhitespace {
                pendingDash = true
                continue
            }
            if pendingDash {
                out.append("-")
                pendingDash = false
            }
            out.append(character)
        }
        if pendingDash { out.append("-") }
        let trimmable: Set<Character> = ["-", "_"]
        guard let first = out.firstIndex(where: { !trimmable.contains($0) }) else { return "" }
        let last = out.lastIndex(where: { !trimmable.contains($0) })!
        return String(out[first...last])
    }
}
