extension QuestionGroupMarkdown {
    /// A parsed document: groups in order and the REPEAT markers that apply to them.
    struct Document: Sendable, Equatable {
        /// The groups.
        var groups: [Group]
        /// Repeatable groups (collections).
        var repeats: [Repeat]

        /// Questions over all groups.
        var questionCount: Int { groups.reduce(0) { $0 + $1.questions.count } }
    }

    /// `# Title {ref}` and what follows it.
    struct Group: Sendable, Equatable {
        /// Title without the id.
        var name: String
        /// The first non-heading line after the heading.
        var description: String
        /// Explicit or generated id.
        var ref: String
        /// The group's questions.
        var questions: [Question]
    }

    /// `## Text* {ref}` with its type line, options, follow-ups and branches.
    struct Question: Sendable, Equatable {
        /// Text without the required mark and id.
        var title: String
        /// Optional one-line description.
        var description: String
        /// The type as written, lower-cased (`likert categories`).
        var declaredType: String
        /// The stored type (`text`, `mc_single`, `likert`, ...), set by validation.
        var finalType: String = ""
        /// Explicit or generated id.
        var ref: String
        /// A trailing `*` before the id.
        var required: Bool
        /// `- option` lines, with a `+ follow-up` label when given.
        var options: [Option] = []
        /// `min:`, `max:`, `left:`, `right:` lines.
        var settings: [String: String] = [:]
        /// `? when ... -> {target}` lines.
        var branches: [Branch] = []
    }

    /// One option line.
    struct Option: Sendable, Equatable {
        /// Label (also the value).
        var label: String
        /// Follow-up prompt from a `+ label` line.
        var followUp: String?
    }

    /// A branching rule.
    struct Branch: Sendable, Equatable {
        /// Operator name (`equals`, `greater_than`, ...).
        var `operator`: String
        /// Comparison value (empty for exists/not_exists).
        var value: String
        /// Target id.
        var targetRef: String
        /// `group` or `question`, set by validation.
        var targetType: String = ""
    }

    /// `REPEAT` / `REPEAT-N` before a group heading.
    struct Repeat: Sendable, Equatable {
        /// Index of the repeated group.
        var groupIndex: Int
        /// Nesting depth (leading `>` count).
        var depth: Int
        /// N of `REPEAT-N`; nil means unlimited.
        var maxCount: Int?
        /// The enclosing repeated group, for nested collections.
        var parentIndex: Int?
    }
}
