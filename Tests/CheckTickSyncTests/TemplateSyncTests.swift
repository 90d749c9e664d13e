import Foundation
import JobEngine
import Testing

@testable import CheckTickSync

/// `sync_global_question_group_templates`: upstream §5.5 scenarios, §5.4 rules and the DESIGN §8 fixes.
@Suite("sync_global_question_group_templates", .serialized, .syncDatabase)
struct TemplateSyncTests {
    /// docs/question-group-templates of this clone.
    static var shippedDirectory: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/question-group-templates").path
    }

    static let phq9 = "Patient Health Questionnaire-9 (PHQ-9)"
    static let gad7 = "Generalized Anxiety Disorder 7-item (GAD-7)"

    func job(directory: String = TemplateSyncTests.shippedDirectory) -> SyncQuestionGroupTemplatesJob {
        var settings = SyncSettings()
        settings.templatesDirectory = directory
        return SyncQuestionGroupTemplatesJob(settings: settings)
    }

    /// A temp folder with the given files.
    func folder(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, content) in files { try content.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    func template(title: String = "Tiny", description: String = "A tiny template", version: String? = nil,
                  body: String = "# Tiny {tiny}\n\n## Question\n(text)\n") -> String {
        var text = "---\ntitle: \"\(title)\"\ndescription: \"\(description)\"\n"
        if let version { text += "version: \(version)\n" }
        text += "tags:\n  - one\nattribution:\n  authors: \"Someone\"\n  year: 2020\n---\n\n" + body
        return text
    }

    struct Row {
        let id: Int64, description: String, version: String, status: String, publisher: Int64, markdown: String
        let attribution: String, tags: String, language: String, level: String
    }

    func rows(_ db: SyncTestDatabase, named name: String) throws -> [Row] {
        try db.query(
            """
            SELECT id, description, version, status, publisher_id, markdown, attribution::text AS attribution,
                   tags::text AS tags, language, publication_level
            FROM surveys_publishedquestiongroup WHERE name = \(name) ORDER BY id
            """
        ).map { row in
            Row(id: try row.decode("id", as: Int64.self), description: try row.decode("description", as: String.self),
                version: try row.decode("version", as: String.self), status: try row.decode("status", as: String.self),
                publisher: try row.decode("publisher_id", as: Int64.self), markdown: try row.decode("markdown", as: String.self),
                attribution: try row.decode("attribution", as: String.self), tags: try row.decode("tags", as: String.self),
                language: try row.decode("language", as: String.self), level: try row.decode("publication_level", as: String.self))
        }
    }

    func insertTemplate(_ db: SyncTestDatabase, name: String, publisher: Int64, status: String = "active",
                        description: String = "Existing description") throws {
        try db.query(
            """
            INSERT INTO surveys_publishedquestiongroup (publication_level, name, description, markdown, attribution, tags,
                language, version, status, import_count, created_at, updated_at, organization_id, publisher_id,
                source_group_id, show_publisher_credit)
            VALUES ('global', \(name), \(description), '# X\n## Y\n(text)', '{}'::jsonb, '[]'::jsonb, 'en', '', \(status), 0,
                now(), now(), NULL, \(publisher), NULL, true)
            """)
    }

    func templateCount(_ db: SyncTestDatabase) throws -> Int {
        try db.query("SELECT count(*) AS n FROM surveys_publishedquestiongroup")[0].decode("n", as: Int.self)
    }

    @Test func dryRunRunsWithoutErrorAndMentionsTemplates() throws {
        let db = try SyncTestDatabase.fresh()
        let run = SyncRun.run(job(), database: db, parameters: ["dry_run": .bool(true)])
        #expect(run.exitCode == 0)
        #expect(run.output.lowercased().contains("template"))
        #expect(run.stdout.first == "Found 2 template file(s)")
        #expect(run.stdout.contains("Would sync: 2"))
    }

    @Test func dryRunDoesNotModifyTheDatabase() throws {
        let db = try SyncTestDatabase.fresh()
        let admin = try db.insertUser(username: "admin", email: "admin@example.org", superuser: true)
        try insertTemplate(db, name: "Existing Template", publisher: admin)
        let run = SyncRun.run(job(), database: db, parameters: ["dry_run": .bool(true)])
        #expect(run.exitCode == 0)
        #expect(try templateCount(db) == 1)
        #expect(try rows(db, named: "Existing Template").first?.description == "Existing description")
        #expect(run.stdout.contains("  Would create: \(Self.phq9)"))
    }

    @Test func validatesTheShippedTemplates() throws {
        let db = try SyncTestDatabase.fresh()
        let run = SyncRun.run(job(), database: db, parameters: ["dry_run": .bool(true)])
        #expect(run.stdout == [
            "Found 2 template file(s)",
            "", "Processing: question-group-templates-gad7.md", "  Validated: 7 question(s) in 1 group(s)",
            "  Would create: \(Self.gad7)",
            "", "Processing: question-group-templates-phq9.md", "  Validated: 9 question(s) in 1 group(s)",
            "  Would create: \(Self.phq9)",
            "", "=== Sync Summary ===", "Would sync: 2", "Skipped: 0", "Errors: 0",
        ])
    }

    @Test func createsGlobalTemplatesPublishedByTheLowestSuperuser() throws {
        let db = try SyncTestDatabase.fresh()
        try db.insertUser(username: "plain", email: "p@example.org", superuser: false, id: 1)
        try db.insertUser(username: "later-admin", email: "b@example.org", superuser: true, id: 7)
        try db.insertUser(username: "first-admin", email: "a@example.org", superuser: true, id: 3)
        let run = SyncRun.run(job(), database: db)
        #expect(run.exitCode == 0)
        #expect(run.stdout.contains("  Created: \(Self.phq9)"))
        #expect(run.stdout.contains("Synced: 2"))
        let phq = try #require(try rows(db, named: Self.phq9).first)
        #expect(phq.publisher == 3)
        #expect(phq.level == "global")
        #expect(phq.status == "active")
        #expect(phq.language == "en")
        #expect(phq.version == "")
        #expect(phq.description == "A 9-item depression screening and severity measure")
        #expect(phq.tags == #"["mental-health", "depression", "screening", "validated"]"#)
        #expect(phq.attribution.contains(#""year": 2001"#))
        #expect(phq.attribution.contains(#""pmid": "11556941""#))
        #expect(phq.markdown.hasPrefix("# PHQ-9 {phq-9}"))
        #expect(try rows(db, named: Self.gad7).first?.version == "1.0")
    }

    @Test func createsTheInactiveSystemUserWhenThereIsNoSuperuser() throws {
        let db = try SyncTestDatabase.fresh()
        let run = SyncRun.run(job(), database: db)
        #expect(run.stdout.filter { $0 == "  No superuser found, creating system user" }.count == 2)
        let users = try db.query("SELECT id, email, first_name, is_active, username FROM auth_user")
        #expect(users.count == 1)
        let user = try #require(users.first)
        #expect(try user.decode("email", as: String.self) == "system@checktick.local")
        #expect(try user.decode("first_name", as: String.self) == "System")
        #expect(try user.decode("is_active", as: Bool.self) == false)
        #expect(try rows(db, named: Self.phq9).first?.publisher == (try user.decode("id", as: Int64.self)))
    }

    @Test func unchangedTemplatesAreSkippedAndForceUpdatesThem() throws {
        let db = try SyncTestDatabase.fresh()
        try db.insertUser(username: "admin", email: "a@example.org", superuser: true)
        #expect(SyncRun.run(job(), database: db).exitCode == 0)
        let again = SyncRun.run(job(), database: db)
        #expect(again.stdout.filter { $0 == "  Skipping: Template unchanged" }.count == 2)
        #expect(again.stdout.contains("Skipped: 2"))
        let forced = SyncRun.run(job(), database: db, parameters: ["force": .bool(true)])
        #expect(forced.stdout.contains("  Updated: \(Self.phq9)"))
        #expect(forced.stdout.contains("Synced: 2"))
        #expect(try templateCount(db) == 2)
    }

    @Test func versionChangeIsAnUpdate() throws {
        let db = try SyncTestDatabase.fresh()
        try db.insertUser(username: "admin", email: "a@example.org", superuser: true)
        _ = SyncRun.run(job(directory: try folder(["t.md": template(version: "1")])), database: db)
        let run = SyncRun.run(job(directory: try folder(["t.md": template(version: "2")])), database: db)
        #expect(run.stdout.contains("  Updated: Tiny"))
        #expect(try rows(db, named: "Tiny").map(\.version) == ["2"])
    }

    @Test func descriptionAndBodyChangesAreUpdates() throws {
        let db = try SyncTestDatabase.fresh()
        try db.insertUser(username: "admin", email: "a@example.org", superuser: true)
        _ = SyncRun.run(job(directory: try folder(["t.md": template()])), database: db)
        let described = SyncRun.run(job(directory: try folder(["t.md": template(description: "New words")])), database: db)
        #expect(described.stdout.contains("  Updated: Tiny"))
        let body = "# Tiny {tiny}\n\n## Question\n(text)\n\n## Another\n(yesno)\n"
        let rewritten = SyncRun.run(
            job(directory: try folder(["t.md": template(description: "New words", body: body)])), database: db,
            parameters: ["dry_run": .bool(true)])
        #expect(rewritten.stdout.contains("  Would update: Tiny"))
        #expect(try rows(db, named: "Tiny").first?.markdown == "# Tiny {tiny}\n\n## Question\n(text)")
    }

    @Test func softDeletedTemplateIsMatchedAndNotRevived() throws {
        let db = try SyncTestDatabase.fresh()
        let admin = try db.insertUser(username: "admin", email: "a@example.org", superuser: true)
        _ = SyncRun.run(job(directory: try folder(["t.md": template()])), database: db)
        try db.query("UPDATE surveys_publishedquestiongroup SET status = 'deleted'")
        let run = SyncRun.run(job(directory: try folder(["t.md": template()])), database: db)
        #expect(run.stdout.contains("  Skipping: Template unchanged"))
        let changed = SyncRun.run(job(directory: try folder(["t.md": template(version: "9")])), database: db)
        #expect(changed.stdout.contains("  Updated: Tiny"))
        #expect(try rows(db, named: "Tiny").map(\.status) == ["deleted"])
        #expect(try rows(db, named: "Tiny").first?.publisher == admin)
    }

    @Test func duplicateGlobalTitlesAreAnErrorForThatFile() throws {
        let db = try SyncTestDatabase.fresh()
        let admin = try db.insertUser(username: "admin", email: "a@example.org", superuser: true)
        try insertTemplate(db, name: "Tiny", publisher: admin)
        try insertTemplate(db, name: "Tiny", publisher: admin)
        let run = SyncRun.run(job(directory: try folder(["t.md": template()])), database: db)
        #expect(run.exitCode == 0)
        #expect(run.stdout.contains("Error processing t.md: get() returned more than one PublishedQuestionGroup -- it returned 2!"))
        #expect(run.stdout.contains("Errors: 1"))
    }

    @Test func badFilesAreSkippedOrCountedAsErrorsAndTheRunStillExitsZero() throws {
        let db = try SyncTestDatabase.fresh()
        try db.insertUser(username: "admin", email: "a@example.org", superuser: true)
        let directory = try folder([
            "a-no-front-matter.md": "# Just markdown\n",
            "b-crlf.md": "---\r\ntitle: x\r\n---\r\n",
            "c-unterminated.md": "---\ntitle: x\n",
            "d-list.md": "---\n- a\n- b\n---\n# G\n",
            "e-bad-yaml.md": "---\ntitle: [unclosed\n---\n# G\n",
            "f-missing.md": "---\ntitle: Only a title\n---\n# G\n## Q\n(text)\n",
            "g-bad-body.md": template(title: "Bad body", body: "# G\n## Q\n(essay)\n"),
            "h-good.md": template(),
            "question-group-templates-index.md": "# Index, not a template\n",
            "notes.txt": "not markdown",
        ])
        let run = SyncRun.run(job(directory: directory), database: db)
        #expect(run.exitCode == 0)
        #expect(run.stdout.first == "Found 8 template file(s)")
        #expect(run.stdout.contains("  Skipping: No YAML frontmatter found"))
        #expect(run.stdout.contains("  Skipping: Invalid frontmatter format"))
        #expect(run.stdout.contains("  Skipping: Invalid YAML metadata"))
        #expect(run.stdout.contains { $0.hasPrefix("  Error parsing YAML: ") })
        #expect(run.stdout.contains("  Error: Missing required fields: description, attribution"))
        #expect(run.stdout.contains("  Error validating markdown: Unsupported question type 'essay' for 'Q'"))
        #expect(run.stdout.contains("  Created: Tiny"))
        #expect(Array(run.stdout.suffix(3)) == ["Synced: 1", "Skipped: 4", "Errors: 3"])
    }

    @Test func missingDirectoryAndEmptyDirectoryExitZero() throws {
        let db = try SyncTestDatabase.fresh()
        let missing = SyncRun.run(job(directory: "/nonexistent/templates"), database: db)
        #expect(missing.exitCode == 0)
        #expect(missing.stdout == ["Templates directory not found: /nonexistent/templates"])
        let empty = try folder(["question-group-templates-index.md": "# Index\n"])
        let none = SyncRun.run(job(directory: empty), database: db)
        #expect(none.stdout == ["No template files found in: \(empty)"])
    }
}
