extension QuestionGroupMarkdown {
    /// The line-by-line parser of groups and questions (CheckTick's `parse_bulk_markdown`).
    struct Parser {
        private let lines: [String]
        private var refs: Set<String> = []

        /// Lines with REPEAT markers and blockquote prefixes already removed.
        init(lines: [String]) {
            self.lines = lines
        }

        /// Groups with their questions, types validated and branch targets resolved.
        mutating func parse() throws(SyncCommandError) -> [Group] {
            guard lines.contains(where: { !$0.trimmingWhitespace().isEmpty }) else { throw .markdown("Markdown is empty") }
            var groups: [Group] = []
            var index = 0
            while index < lines.count {
                let line = lines[index].trimmingWhitespace()
                if line.hasPrefix("# ") {
                    let (title, ref) = titleAndRef(String(line.dropFirst(2)).trimmingWhitespace(), fallback: "group-\(groups.count + 1)")
                    var description = ""
                    let next = nextNonBlank(after: index)
                    if next < lines.count, !isHeading(lines[next]) {
                        description = lines[next].trimmingWhitespace()
                        index = next
                    }
                    groups.append(Group(name: title, description: description, ref: ref, questions: []))
                } else if line.hasPrefix("## ") {
                    guard !groups.isEmpty else { throw .markdown("Question declared before any group at line \(index + 1)") }
                    let question = try parseQuestion(at: &index, heading: line, group: groups[groups.count - 1])
                    groups[groups.count - 1].questions.append(question)
                } else if !groups.isEmpty, !groups[groups.count - 1].questions.isEmpty {
                    let groupIndex = groups.count - 1
                    let questionIndex = groups[groupIndex].questions.count - 1
                    try apply(line, lineNumber: index + 1, to: &groups[groupIndex].questions[questionIndex])
                }
                index += 1
            }
            try validate(&groups)
            return groups
        }

        /// Heading, optional description, mandatory `(type)` line.
        private mutating func parseQuestion(at index: inout Int, heading: String, group: Group) throws(SyncCommandError) -> Question {
            var raw = String(heading.dropFirst(3)).trimmingWhitespace()
            var required = false
            let beforeBrace = raw.split(separator: "{", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? raw
            if raw.contains("{"), beforeBrace.trimmingWhitespace().hasSuffix("*") {
                required = true
                let rest = raw.dropFirst(beforeBrace.count)
                raw = String(beforeBrace.trimmingWhitespace().dropLast()).trimmingWhitespace() + String(rest)
            } else if raw.hasSuffix("*") {
                required = true
                raw = String(raw.dropLast()).trimmingWhitespace()
            }
            let (title, ref) = titleAndRef(raw, fallback: "\(group.ref)-\(group.questions.count + 1)")
            var description = ""
            let next = nextNonBlank(after: index)
            if next < lines.count, !isHeading(lines[next]), !isTypeLine(lines[next]) {
                description = lines[next].trimmingWhitespace()
                index = next
            }
            let typeIndex = nextNonBlank(after: index)
            guard typeIndex < lines.count, isTypeLine(lines[typeIndex]) else {
                throw .markdown("Missing (type) for question '\(title)' around line \(index + 1)")
            }
            let typeLine = lines[typeIndex].trimmingWhitespace()
            index = typeIndex
            return Question(
                title: title, description: description,
                declaredType: String(typeLine.dropFirst().dropLast()).trimmingWhitespace().lowercased(),
                ref: ref, required: required)
        }

        /// Option, follow-up, branch and setting lines of the current question; stray text is ignored.
        private func apply(_ line: String, lineNumber: Int, to question: inout Question) throws(SyncCommandError) {
            if line.hasPrefix("?") {
                question.branches.append(try branch(String(line.dropFirst()).trimmingWhitespace(), lineNumber: lineNumber))
            } else if line.hasPrefix("- ") {
                question.options.append(Option(label: String(line.dropFirst(2)).trimmingWhitespace()))
            } else if line.hasPrefix("+ ") {
                guard !question.options.isEmpty else { return }
                question.options[question.options.count - 1].followUp = String(line.dropFirst(2)).trimmingWhitespace()
            } else if let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].trimmingWhitespace().lowercased()
                if ["min", "max", "left", "right", "dataset"].contains(key) {
                    question.settings[key] = line[line.index(after: colon)...].trimmingWhitespace()
                }
            }
        }

        /// `when <operator> <value> -> {target}`.
        private func branch(_ line: String, lineNumber: Int) throws(SyncCommandError) -> Branch {
            let (condition, target) = QuestionGroupMarkdown.trailingID(line)
            guard let target else {
                throw .markdown("Branch is missing a target {question-id} near line \(lineNumber)")
            }
            let targetRef = QuestionGroupMarkdown.normalizeToken(target)
            guard !targetRef.isEmpty else { throw .markdown("Branch target id cannot be empty near line \(lineNumber)") }
            var clause = condition.trimmingWhitespace()
            if clause.hasSuffix("->") { clause = String(clause.dropLast(2)).trimmingWhitespace() }
            guard clause.lowercased().hasPrefix("when ") else {
                throw .markdown("Branch must start with 'when' followed by an operator near line \(lineNumber)")
            }
            clause = String(clause.dropFirst(5)).trimmingWhitespace()
            guard !clause.isEmpty else { throw .markdown("Branch is missing an operator near line \(lineNumber)") }
            let tokens = clause.split(maxSplits: 1, whereSeparator: { $0.isWhitespace })
            let key = tokens[0].replacingHyphens().lowercased()
            guard let name = Self.operators[key] else {
                throw .markdown("Unsupported branch operator '\(key)' near line \(lineNumber)")
            }
            let valuePart = tokens.count > 1 ? tokens[1].trimmingWhitespace() : ""
            var value = ""
            if name != "exists" && name != "not_exists" {
                guard !valuePart.isEmpty else {
                    throw .markdown("Branch with operator '\(key)' requires a comparison value near line \(lineNumber)")
                }
                value = QuestionGroupMarkdown.unquote(valuePart)
            }
            return Branch(operator: name, value: value, targetRef: targetRef)
        }

        /// Operator spellings → stored operator.
        private static let operators: [String: String] = [
            "equals": "equals", "eq": "equals", "not_equals": "not_equals", "neq": "not_equals",
            "contains": "contains", "not_contains": "not_contains", "greater_than": "greater_than",
            "gt": "greater_than", "greater_equal": "greater_equal", "gte": "greater_equal",
            "less_than": "less_than", "lt": "less_than", "less_equal": "less_equal", "lte": "less_equal",
            "exists": "exists", "not_exists": "not_exists",
        ]

        /// Title and id, allocating a unique id (suffix `-2`, `-3`, ... on clashes).
        private mutating func titleAndRef(_ raw: String, fallback: String) -> (String, String) {
            let (title, explicit) = QuestionGroupMarkdown.trailingID(raw)
            var base = explicit.map(QuestionGroupMarkdown.normalizeToken) ?? ""
            if base.isEmpty { base = QuestionGroupMarkdown.normalizeToken(fallback) }
            if base.isEmpty { base = fallback.isEmpty ? "item" : fallback }
            var candidate = base
            var counter = 2
            while refs.contains(candidate) {
                candidate = "\(base)-\(counter)"
                counter += 1
            }
            refs.insert(candidate)
            return (title.trimmingWhitespace(), candidate)
        }

        private func nextNonBlank(after index: Int) -> Int {
            var next = index + 1
            while next < lines.count, lines[next].trimmingWhitespace().isEmpty { next += 1 }
            return next
        }

        private func isHeading(_ line: String) -> Bool {
            let trimmed = line.drop { $0.isWhitespace }
            return trimmed.hasPrefix("# ") || trimmed.hasPrefix("## ")
        }

        private func isTypeLine(_ line: String) -> Bool {
            let trimmed = line.trimmingWhitespace()
            return trimmed.count >= 2 && trimmed.hasPrefix("(") && trimmed.hasSuffix(")")
        }
    }
}

extension StringProtocol {
    /// `-` replaced by `_` (operator spellings such as `not-equals`).
    fileprivate func replacingHyphens() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
