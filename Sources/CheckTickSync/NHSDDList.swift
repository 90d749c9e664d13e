/// Parses the Markdown table of NHS Data Dictionary datasets (`docs/nhs-data-dictionary-datasets.md`).
enum NHSDDList {
    /// Rows in file order; rows without a name or a `[Link](http…)` are skipped.
    ///
    /// As in CheckTick, the table starts at a line beginning `| Dataset Name` and every later line
    /// beginning `|` (except `|---` separators) is a data row.
    static func parse(_ text: String) -> [NHSDDListEntry] {
        var entries: [NHSDDListEntry] = []
        var inTable = false
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("| Dataset Name") {
                inTable = true
                continue
            }
            guard inTable, line.hasPrefix("|"), !line.hasPrefix("|---") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard cells.count >= 7 else { continue }
            let name = cells[1]
            guard !name.isEmpty, let url = linkTarget(in: cells[2]) else { continue }
            var tags = cells[3].split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            tags.append("NHS")
            entries.append(NHSDDListEntry(key: Slug.datasetKey(name), name: name, referenceURL: url, tags: tags))
        }
        return entries
    }

    /// The URL of the first `[Link](http…)` in a cell.
    static func linkTarget(in cell: String) -> String? {
        guard let start = cell.range(of: "[Link](http") else { return nil }
        let urlStart = cell.index(start.upperBound, offsetBy: -4)
        guard let close = cell[urlStart...].firstIndex(of: ")") else { return nil }
        let url = String(cell[urlStart..<close])
        return url.count > "http://".count ? url : nil
    }
}
