import Testing

@testable import CheckTickSync

/// The question-group Markdown grammar (§5.3), as a pure parser.
@Suite("Question-group Markdown")
struct QuestionGroupMarkdownTests {
    @Test func parsesGroupsQuestionsAndIDs() throws {
        let document = try QuestionGroupMarkdown.parse(
            """
            # About you {about}
            A few questions first.

            ## Your name*
            (text)

            ## Age in years* {age}
            Whole years only
            (text number)

            ## Favourite colour
            (mc_single)
            - Red
            - Other
            + Please say which

            # Second group

            ## Pick any
            (checkbox)
            - A
            - B
            """)
        #expect(document.groups.map(\.name) == ["About you", "Second group"])
        #expect(document.groups.map(\.ref) == ["about", "group-2"])
        #expect(document.groups[0].description == "A few questions first.")
        #expect(document.questionCount == 4)
        let questions = document.groups[0].questions
        #expect(questions.map(\.title) == ["Your name", "Age in years", "Favourite colour"])
        #expect(questions.map(\.ref) == ["about-1", "age", "about-3"])
        #expect(questions.map(\.required) == [true, true, false])
        #expect(questions[1].description == "Whole years only")
        #expect(questions.map(\.finalType) == ["text", "text", "mc_single"])
        #expect(questions[2].options == [.init(label: "Red"), .init(label: "Other", followUp: "Please say which")])
        #expect(document.groups[1].questions[0].finalType == "mc_multi")
        #expect(document.groups[1].questions[0].ref == "group-2-1")
    }

    @Test func duplicateIDsGetNumberedSuffixes() throws {
        let document = try QuestionGroupMarkdown.parse("# G {x}\n## Q {x}\n(text)\n## R {X}\n(text)\n")
        #expect(document.groups[0].questions.map(\.ref) == ["x-2", "x-3"])
    }

    @Test func likertScalesNeedCategoriesOrIntegerBounds() throws {
        let ok = try QuestionGroupMarkdown.parse(
            "# G\n## Scale\n(likert)\nmin: 0\nmax: \"10\"\nleft: Never\nright: Always\n## Cats\n(likert categories)\n- Low\n- High\n")
        #expect(ok.groups[0].questions.map(\.finalType) == ["likert", "likert"])
        #expect(ok.groups[0].questions[0].settings["left"] == "Never")
        #expect(throws: SyncCommandError.markdown("Likert categories requires category lines for question 'Cats'")) {
            _ = try QuestionGroupMarkdown.parse("# G\n## Cats\n(likert categories)\n")
        }
        #expect(throws: SyncCommandError.markdown("Likert number min must be < max for question 'S'")) {
            _ = try QuestionGroupMarkdown.parse("# G\n## S\n(likert)\nmin: 5\nmax: 5\n")
        }
        #expect(throws: SyncCommandError.markdown("Likert number requires integer min/max for question 'S'")) {
            _ = try QuestionGroupMarkdown.parse("# G\n## S\n(likert)\nmin: one\n")
        }
    }

    @Test func branchingResolvesTargetsToQuestionsAndGroups() throws {
        let document = try QuestionGroupMarkdown.parse(
            """
            # Screening {screen}
            ## Do you smoke? {smoke}
            (yesno)
            ? when equals "yes" -> {how-many}
            ? when not-equals no -> {end-group}
            ? when exists -> Later Questions
            ## How many? {how-many}
            (text number)
            ? when gt 20 -> {end-group}
            # End {end-group}
            ## Later questions {later-questions}
            (text)
            """)
        let branches = document.groups[0].questions[0].branches
        #expect(branches.map(\.operator) == ["equals", "not_equals", "exists"])
        #expect(branches.map(\.value) == ["yes", "no", ""])
        #expect(branches.map(\.targetRef) == ["how-many", "end-group", "later-questions"])
        #expect(branches.map(\.targetType) == ["question", "group", "question"])
        #expect(document.groups[0].questions[1].branches[0].operator == "greater_than")
    }

    @Test(arguments: [
        ("# G\n## Q\n(text)\n? when equals x -> {nowhere}\n", "Branch references unknown id 'nowhere' in question 'Q'"),
        ("# G\n## Q\n(text)\n? when between 1 -> {q}\n", "Unsupported branch operator 'between' near line 4"),
        ("# G\n## Q\n(text)\n? when equals -> {g}\n", "Branch with operator 'equals' requires a comparison value near line 4"),
        ("# G\n## Q\n(text)\n? if equals x -> {g}\n", "Branch must start with 'when' followed by an operator near line 4"),
        ("# G\n## Q\n(essay)\n", "Unsupported question type 'essay' for 'Q'"),
        ("# G\n## Q\nNo type line\n\n", "Missing (type) for question 'Q' around line 3"),
        ("## Q\n(text)\n", "Question declared before any group at line 1"),
        ("  \n\n", "Markdown is empty"),
    ])
    func rejectsInvalidBodies(body: String, message: String) {
        #expect(throws: SyncCommandError.markdown(message)) { _ = try QuestionGroupMarkdown.parse(body) }
    }

    @Test func repeatMarkersApplyToTheNextGroupAtTheSameDepth() throws {
        let document = try QuestionGroupMarkdown.parse(
            """
            REPEAT-5
            # Household member {member}
            ## Name
            (text)
            > REPEAT
            > # Their children {children}
            > ## Child name
            > (text)
            # Not repeated
            ## Q
            (yesno)
            """)
        #expect(document.groups.map(\.ref) == ["member", "children", "group-3"])
        #expect(document.repeats == [
            .init(groupIndex: 0, depth: 0, maxCount: 5, parentIndex: nil),
            .init(groupIndex: 1, depth: 1, maxCount: nil, parentIndex: 0),
        ])
        #expect(document.groups[1].questions.map(\.title) == ["Child name"])
    }

    @Test func typeAliasesMapToStoredTypes() throws {
        let aliases = ["radio": "mc_single", "multi": "mc_multi", "select": "dropdown", "rank": "orderable",
                       "yesno": "yesno", "image": "image", "text": "text", "number": "text"]
        for (alias, stored) in aliases {
            let document = try QuestionGroupMarkdown.parse("# G\n## Q\n(\(alias.uppercased()))\n- a\n")
            #expect(document.groups[0].questions[0].finalType == stored)
        }
    }
}
