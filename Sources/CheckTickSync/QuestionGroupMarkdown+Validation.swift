extension QuestionGroupMarkdown.Parser {
    /// Question types by spelling → stored type (CheckTick's bulk importer).
    static let types: [String: String] = [
        "text": "text", "text free": "text", "text freetext": "text",
        "text number": "text", "number": "text", "numeric": "text",
        "mc_single": "mc_single", "single": "mc_single", "radio": "mc_single",
        "mc_multi": "mc_multi", "multi": "mc_multi", "checkbox": "mc_multi",
        "dropdown": "dropdown", "select": "dropdown",
        "orderable": "orderable", "rank": "orderable", "ranking": "orderable",
        "yesno": "yesno", "yes/no": "yesno", "boolean": "yesno",
        "image": "image", "image choice": "image", "image-choice": "image",
    ]

    /// Checks titles, types, likert settings and branch targets; fills `finalType` and `targetType`.
    func validate(_ groups: inout [QuestionGroupMarkdown.Group]) throws(SyncCommandError) {
        let groupRefs = Set(groups.map(\.ref))
        let questionRefs = Set(groups.flatMap { $0.questions.map(\.ref) })
        for groupIndex in groups.indices {
            guard !groups[groupIndex].name.isEmpty else { throw .markdown("A group is missing a title") }
            for questionIndex in groups[groupIndex].questions.indices {
                var question = groups[groupIndex].questions[questionIndex]
                question.finalType = try Self.finalType(of: question)
                for branchIndex in question.branches.indices {
                    let target = question.branches[branchIndex].targetRef
                    if groupRefs.contains(target) {
                        question.branches[branchIndex].targetType = "group"
                    } else if questionRefs.contains(target) {
                        question.branches[branchIndex].targetType = "question"
                    } else {
                        throw .markdown("Branch references unknown id '\(target)' in question '\(question.title)'")
                    }
                }
                groups[groupIndex].questions[questionIndex] = question
            }
        }
    }

    /// The stored type; likert scales need categories or integer `min < max`.
    private static func finalType(of question: QuestionGroupMarkdown.Question) throws(SyncCommandError) -> String {
        let declared = question.declaredType
        if let known = types[declared] { return known }
        guard declared.hasPrefix("likert") else {
            throw .markdown("Unsupported question type '\(declared)' for '\(question.title)'")
        }
        if declared.contains("categories") {
            guard !question.options.isEmpty else {
                throw .markdown("Likert categories requires category lines for question '\(question.title)'")
            }
            return "likert"
        }
        let low = try integerSetting("min", default: "1", question: question)
        let high = try integerSetting("max", default: "5", question: question)
        guard low < high else { throw .markdown("Likert number min must be < max for question '\(question.title)'") }
        return "likert"
    }

    /// `min:`/`max:` as an integer (quotes, a Unicode minus and `3.0` accepted).
    private static func integerSetting(
        _ key: String, default fallback: String, question: QuestionGroupMarkdown.Question
    ) throws(SyncCommandError) -> Int {
        let raw = QuestionGroupMarkdown.unquote(question.settings[key] ?? fallback).trimmingWhitespace()
            .replacing("\u{2212}", with: "-")
        if let value = Int(raw.hasPrefix("+") ? String(raw.dropFirst()) : raw) { return value }
        if let value = Double(raw), value.rounded() == value, abs(value) < 1e15 { return Int(value) }
        throw .markdown("Likert number requires integer min/max for question '\(question.title)'")
    }
}
