import Testing

@testable import CheckTick

/// The templates are converted to HTML once; every message must still get the bytes that substituting into
/// the Markdown and converting it with Ink gave.
@Suite("Mail templates converted to HTML once (no network)")
struct MailRendererTests {
    static let brandTitle = "CheckTick & Co <NHS>"
    static let siteURL = "https://checktick.example.org"

    static let warning = [
        "urgency": "Important", "timeframe": "in 7 days", "username": "o'brien.smith",
        "survey_name": "Patient \"feedback\" survey & follow-up <2025>", "deletion_date": "March 08, 2026 at 02:00 AM",
        "days_remaining": "7", "retention_months": "6", "closure_date": "September 09, 2025",
        "dashboard_url": "https://checktick.example.org/surveys/patient-feedback-2025/dashboard/",
    ]
    static let recovery = [
        "username": "dr.jones", "request_code": "ABC-123-XYZ", "survey_name": "Clinic audit: Q1 (pilot) & more",
        "recovery_url": "https://checktick.example.org/recovery/complete/ABC-123-XYZ/",
    ]
    static var markdownValues: [String: String] {
        var values = warning
        values["username"] = "john_smith_jr"
        values["survey_name"] = "My *great*  survey [x](y) #1 \\ `code` ~~old~~ !"
        return values
    }

    static func renderer() throws -> MailRenderer {
        try MailRenderer(brandTitle: brandTitle, siteURL: siteURL)
    }

    @Test func bothTemplatesAreConvertedAhead() throws {
        let renderer = try Self.renderer()
        #expect(renderer.isPrecompiled(.deletionWarning))
        #expect(renderer.isPrecompiled(.recoveryReady))
    }

    @Test func warningIsByteIdenticalToTheInkRendering() throws {
        let rendered = try Self.renderer().render(.deletionWarning, values: Self.warning)
        #expect(rendered.text == MailGoldens.warningText)
        #expect(rendered.html == MailGoldens.warningHTML)
    }

    @Test func recoveryNoticeIsByteIdenticalToTheInkRendering() throws {
        let rendered = try Self.renderer().render(.recoveryReady, values: Self.recovery)
        #expect(rendered.text == MailGoldens.recoveryText)
        #expect(rendered.html == MailGoldens.recoveryHTML)
    }

    @Test func valuesThatInkWouldInterpretStillGoThroughInk() throws {
        let rendered = try Self.renderer().render(.deletionWarning, values: Self.markdownValues)
        #expect(rendered.text == MailGoldens.markdownValuesText)
        #expect(rendered.html == MailGoldens.markdownValuesHTML)
        #expect(rendered.html.contains("Hello john<em>smith</em>jr,"))
    }

    @Test(arguments: [
        ("plain words", false, true), ("Clinic (pilot) & 'more' <x> \"q\"", false, true),
        ("Clinic (pilot)", true, false), ("", false, false), (" leading", false, false), ("trailing ", false, false),
        ("two  spaces", false, false), ("tab\there", false, false), ("line\nbreak", false, false),
        ("snake_case", false, false), ("*bold*", false, false), ("~~x~~", false, false), ("`code`", false, false),
        ("[link]", false, false), ("back\\slash", false, false), ("a|b", false, false), ("Survey #3", false, false),
        ("Wow!", false, false), ("Wow! really", false, true), ("Über café – 😀", false, true),
        ("no\u{00A0}break", false, false),
    ])
    func decidesWhichValuesInkLeavesAlone(value: String, inLinkDestination: Bool, inert: Bool) {
        #expect(CompiledMailTemplate.isInert(value, inLinkDestination: inLinkDestination) == inert)
    }

    @Test func valueJoiningTheTemplateIntoOneGraphemeGoesThroughInk() throws {
        let renderer = try Self.renderer()
        var values = Self.warning
        // A combining acute accent joins the "(" before it in the Markdown, so Ink sees no link there.
        values["dashboard_url"] = "\u{0301}https://checktick.example.org/surveys/x/dashboard/"
        #expect(!(try renderer.renderThroughInk(.deletionWarning, values: values).html.contains("<a href=\"\u{0301}")))
        let reference = try renderer.renderThroughInk(.deletionWarning, values: values)
        #expect(try renderer.render(.deletionWarning, values: values) == reference)
    }

    @Test func templateWithSectionsIsNotConverted() throws {
        let template = MailTemplate(name: "test/sections", markdown: "# Hi\n\n{{#items}}- {{name}}\n{{/items}}")
        let renderer = try MailRenderer(brandTitle: "B", siteURL: "https://b.example", templates: [template])
        #expect(!renderer.isPrecompiled(template))
        let values = ["name": "x"]
        #expect(try renderer.render(template, values: values) == renderer.renderThroughInk(template, values: values))
    }

    @Test func randomValuesRenderExactlyAsThroughInk() throws {
        let renderer = try Self.renderer()
        let specials = Array(".,:;-'\"&<>()!?#*_~`[]\\|/@+=%é\u{0301}\u{0600}😀\u{00A0}\n\t")
        var generator = SeededGenerator(seed: 0x5EED_2026)
        let keys = ["username", "survey_name", "retention_months", "dashboard_url"]
        var precompiledHits = 0
        for round in 0..<1_000 {
            // Each round mixes plain letters with one special character, so that a rule that wrongly lets
            // that character through is caught (two `_` make emphasis, one alone does not).
            let special = specials.randomElement(using: &generator)!
            let alphabet: [Character] = ["x", "y", " ", special, special]
            let key = keys[round % keys.count]
            let length = Int.random(in: 1...12, using: &generator)
            let value = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            var values = Self.warning
            values[key] = value
            let fast = try renderer.render(.deletionWarning, values: values)
            #expect(fast == (try renderer.renderThroughInk(.deletionWarning, values: values)), "\(key): \(value)")
            if CompiledMailTemplate.isInert(value, inLinkDestination: key == "dashboard_url") { precompiledHits += 1 }
        }
        #expect(precompiledHits > 100)
    }
}

/// A small deterministic generator (SplitMix64), so that a failing random case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
