/// Pulls `{code: description}` options out of an NHS Data Dictionary data-element page (§4.4's strategies).
enum NHSDDPageExtractor {
    /// Tables with a code column and a description column (merged); else definition lists; else list items.
    /// Throws when none of them yields an option.
    static func options(fromHTML bytes: [UInt8]) throws(SyncCommandError) -> DatasetOptions {
        guard let document = HTMLDocument(bytes: bytes) else {
            throw .scrape("No valid options found on the page")
        }
        var options = tableOptions(document)
        if options.isEmpty { options = definitionListOptions(document) }
        if options.isEmpty { options = listItemOptions(document) }
        guard !options.isEmpty else { throw .scrape("No valid options found on the page") }
        return options
    }

    /// Strategy 1: every table whose first row names a code/value column and a description/name/meaning column.
    static func tableOptions(_ document: HTMLDocument) -> DatasetOptions {
        var options = DatasetOptions()
        for table in document.select("//table") {
            let rows = document.select(".//tr", in: table)
            guard let header = rows.first else { continue }
            let headers = document.select(".//th | .//td", in: header).map { document.text(of: $0).lowercased() }
            guard headers.count >= 2 else { continue }
            let codeColumn = headers.lastIndex { $0.contains("code") || $0.contains("value") }
            let descriptionColumn = headers.lastIndex {
                $0.contains("description") || $0.contains("name") || $0.contains("meaning")
            }
            guard let codeColumn, let descriptionColumn else { continue }
            for row in rows.dropFirst() {
                let cells = document.select(".//td | .//th", in: row)
                guard cells.count > max(codeColumn, descriptionColumn) else { continue }
                let code = document.text(of: cells[codeColumn])
                let description = document.text(of: cells[descriptionColumn])
                if !code.isEmpty && !description.isEmpty { options.set(code, description) }
            }
        }
        return options
    }

    /// Strategy 2: `<dt>CODE</dt><dd>CODE - description</dd>` pairs.
    static func definitionListOptions(_ document: HTMLDocument) -> DatasetOptions {
        var options = DatasetOptions()
        for list in document.select("//dl") {
            let terms = document.select(".//dt", in: list)
            let definitions = document.select(".//dd", in: list)
            for (term, definition) in zip(terms, definitions) {
                let termText = document.text(of: term)
                let code = String(termText.prefix { isCodeCharacter($0) })
                guard !code.isEmpty else { continue }
                var description = document.text(of: definition)
                if description.hasPrefix(code) {
                    let rest = description.dropFirst(code.count).drop { $0.isWhitespace }
                    if let dash = rest.first, dashes.contains(dash) {
                        description = rest.dropFirst().trimmingWhitespace()
                    }
                }
                if !description.isEmpty { options.set(code, description) }
            }
        }
        return options
    }

    /// Strategy 3: list items shaped `CODE - description` (or `–`, `—`, `:`).
    static func listItemOptions(_ document: HTMLDocument) -> DatasetOptions {
        var options = DatasetOptions()
        for item in document.select("//ul//li | //ol//li") {
            let text = document.text(of: item)
            let code = String(text.prefix { isCodeCharacter($0) })
            guard !code.isEmpty else { continue }
            let rest = text.dropFirst(code.count).drop { $0.isWhitespace }
            guard let separator = rest.first, dashes.contains(separator) || separator == ":" else { continue }
            let description = rest.dropFirst().trimmingWhitespace()
            if !description.isEmpty { options.set(code, description) }
        }
        return options
    }

    private static let dashes: Set<Character> = ["-", "–", "—"]

    /// `[A-Z0-9]`.
    private static func isCodeCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (0x41...0x5A).contains(ascii) || (0x30...0x39).contains(ascii)
    }
}
