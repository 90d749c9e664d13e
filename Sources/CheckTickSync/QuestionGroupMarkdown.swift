/// A port of CheckTick's question-group Markdown grammar (`parse_bulk_markdown_with_collections`):
/// groups, questions, required marks, ids, types, options, follow-ups, branching and REPEAT markers.
enum QuestionGroupMarkdown {
    /// Parses and validates a body; errors carry CheckTick's `BulkParseError` messages.
    static func parse(_ text: String) throws(SyncCommandError) -> Document {
        let lines = splitLines(text)
        guard lines.contains(where: { !$0.trimmingWhitespace().isEmpty }) else { throw .markdown("Markdown is empty") }
        var cleaned: [String] = []
        var pending: [Int: Int?] = [:]
        var repeats: [Repeat] = []
        var stack: [Int] = []
        var groupsSeen = 0
        for raw in lines.map(wrapBareBranchTarget) {
            let (depth, content) = blockquoteDepth(raw)
            let stripped = content.trimmingWhitespace()
            if let maxCount = repeatMarker(stripped) {
                pending.updateValue(maxCount, forKey: depth)
                continue
            }
            if stripped.hasPrefix("# ") {
                while stack.count > depth { stack.removeLast() }
                cleaned.append(content)
                if let maxCount = pending.removeValue(forKey: depth) {
                    repeats.append(Repeat(groupIndex: groupsSeen, depth: depth, maxCount: maxCount, parentIndex: stack.last))
                    stack.append(groupsSeen)
                }
                groupsSeen += 1
                continue
            }
            cleaned.append(content)
        }
        var parser = Parser(lines: cleaned)
        return Document(groups: try parser.parse(), repeats: repeats)
    }

    /// Python's `str.splitlines()` for the line breaks Markdown files use.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for character in text {
            if character == "\n" || character == "\r\n" || character == "\r" {
                lines.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Leading `>` markers (spaces between them allowed) and the rest of the line.
    static func blockquoteDepth(_ line: String) -> (Int, String) {
        var depth = 0
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == ">" {
                depth += 1
                index = line.index(after: index)
                if index < line.endIndex, line[index] == " " { index = line.index(after: index) }
            } else if line[index] == " " {
                index = line.index(after: index)
            } else {
                break
            }
        }
        var content = String(line[index...])
        while let last = content.last, last.isWhitespace { content.removeLast() }
        return (depth, content)
    }

    /// `REPEAT` → .some(nil), `REPEAT-5` → .some(5), anything else → nil (case-insensitive).
    static func repeatMarker(_ line: String) -> Int?? {
        let upper = line.uppercased()
        guard upper.hasPrefix("REPEAT") else { return nil }
        let rest = upper.dropFirst(6)
        if rest.isEmpty { return .some(nil) }
        guard rest.first == "-", rest.count > 1, rest.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int(rest.dropFirst())
        else { return nil }
        return .some(count)
    }

    /// `-> target` without braces becomes `-> {target-slug}` (CheckTick accepts bare targets).
    static func wrapBareBranchTarget(_ line: String) -> String {
        guard let arrow = line.range(of: "->") else { return line }
        var right = line[arrow.upperBound...].trimmingWhitespace()
        if (right.contains("{") && right.contains("}")) || right.hasPrefix("#") { return line }
        if right.count >= 2, (right.hasPrefix("\"") && right.hasSuffix("\"")) || (right.hasPrefix("'") && right.hasSuffix("'")) {
            right = String(right.dropFirst().dropLast()).trimmingWhitespace()
        }
        let slug = normalizeToken(right)
        return String(line[..<arrow.lowerBound]) + "-> {" + (slug.isEmpty ? "target" : slug) + "}"
    }

    /// An id as CheckTick normalises it: ASCII-folded, lower-case, runs of non-alphanumerics become `-`.
    static func normalizeToken(_ value: String) -> String {
        let folded = Slug.asciiFolded(value)
        var mapped = ""
        for character in folded {
            let ascii = character.asciiValue ?? 0
            let keep = (0x30...0x39).contains(ascii) || (0x41...0x5A).contains(ascii) || (0x61...0x7A).contains(ascii)
                || character == "-" || character.isWhitespace
            mapped.append(keep ? Character(character.lowercased()) : " ")
        }
        var out = ""
        var pendingDash = false
        for character in mapped.trimmingWhitespace() {
            if character.isWhitespace || character == "_" || character == "-" {
                pendingDash = true
                continue
            }
            if pendingDash && !out.isEmpty { out.append("-") }
            pendingDash = false
            out.append(character)
        }
        return out
    }

    /// Strips one pair of matching surrounding quotes.
    static func unquote(_ raw: String) -> String {
        guard raw.count >= 2, (raw.hasPrefix("\"") && raw.hasSuffix("\"")) || (raw.hasPrefix("'") && raw.hasSuffix("'")) else {
            return raw
        }
        return String(raw.dropFirst().dropLast())
    }

    /// A trailing `{id}` on a heading: the text before it and the id.
    static func trailingID(_ text: String) -> (String, String?) {
        var trimmed = text
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        guard trimmed.hasSuffix("}"), let open = trimmed.lastIndex(of: "{") else { return (text, nil) }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        guard !inner.isEmpty, !inner.contains("{"), !inner.contains("}") else { return (text, nil) }
        return (String(trimmed[..<open]), inner.trimmingWhitespace())
    }
}
