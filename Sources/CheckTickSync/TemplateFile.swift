import JobEngine
import Yams

/// A question-group template file: YAML front matter between `---` lines, then the Markdown body.
struct TemplateFile: Sendable, Equatable {
    /// Why a file is not synced: `skipped` files are not templates, `error` files are broken ones.
    enum Problem: Error, Sendable, Equatable {
        /// Counted as skipped, with the reason printed.
        case skipped(String)
        /// Counted as an error, with the line printed.
        case error(String)
    }

    /// `title`: the template's name and identity.
    let title: String
    /// `description`.
    let description: String
    /// `attribution` mapping, stored verbatim as JSON.
    let attribution: JSONValue
    /// `tags` (default empty).
    let tags: JSONValue
    /// `version` as text (default empty), cut to the column's 50 characters.
    let version: String
    /// The Markdown body, whitespace-trimmed.
    let body: String

    /// Splits and checks the front matter as CheckTick does (an LF `---` line must open the file).
    static func parse(_ content: String) throws(Problem) -> TemplateFile {
        guard content.utf8.starts(with: "---\n".utf8) else { throw .skipped("No YAML frontmatter found") }
        let parts = splitFrontMatter(content)
        guard parts.count >= 3 else { throw .skipped("Invalid frontmatter format") }
        let node: Node?
        do {
            node = try Yams.compose(yaml: parts[1])
        } catch {
            throw .error("Error parsing YAML: \(Self.yamlProblem(error))")
        }
        guard let node, case .mapping(let mapping) = node else { throw .skipped("Invalid YAML metadata") }
        var metadata: [String: Node] = [:]
        for (key, value) in mapping {
            let name = YAMLJSON.keyText(key)
            if metadata[name] == nil { metadata[name] = value }
        }
        let missing = ["title", "description", "attribution"].filter { metadata[$0] == nil }
        guard missing.isEmpty else { throw .error("Error: Missing required fields: \(missing.joined(separator: ", "))") }
        return TemplateFile(
            title: YAMLJSON.text(metadata["title"]!),
            description: YAMLJSON.text(metadata["description"]!),
            attribution: YAMLJSON.value(metadata["attribution"]!),
            tags: metadata["tags"].map(YAMLJSON.value) ?? .array([]),
            version: String((metadata["version"].map(YAMLJSON.text) ?? "").prefix(50)),
            body: parts[2].trimmingWhitespace())
    }

    /// Python's `content.split("---\n", 2)`.
    static func splitFrontMatter(_ content: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(content)
        while parts.count < 2, let range = rest.range(of: "---\n") {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    /// A short, single-line YAML error.
    private static func yamlProblem(_ error: any Error) -> String {
        if let yaml = error as? YamlError { return "\(yaml)".split(separator: "\n").first.map(String.init) ?? "invalid YAML" }
        return "invalid YAML"
    }
}
