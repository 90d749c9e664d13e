import FoundationEssentials
import JobEngine
import Logging

/// `sync_global_question_group_templates`: publishes the Markdown questionnaires as global templates.
struct SyncQuestionGroupTemplatesJob: Job {
    /// Name, options, schedule (DESIGN §8: daily 06:00 UTC, stale after 26 h).
    let descriptor = JobDescriptor(
        name: "sync_global_question_group_templates",
        summary: "Publish the question-group template files as global surveys_publishedquestiongroup rows.",
        parameters: [.dryRun, .force],
        maxAge: .seconds(26 * 3600),
        defaultSchedule: "0 6 * * *")

    /// The index page that lives next to the templates and is not one.
    static let indexStem = "question-group-templates-index"

    /// Sources.
    let settings: SyncSettings

    /// What happened to one file.
    private enum Outcome {
        case synced, skipped, error
    }

    /// Runs the sync; exits 0 even when files had errors (CheckTick's behaviour).
    func run(_ context: JobContext) throws -> Int32 {
        let dryRun = context.parameters.bool("dry_run")
        let force = context.parameters.bool("force")
        let directory = SyncSettings.absolutePath(settings.templatesDirectory)
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory else {
            context.print("Templates directory not found: \(directory)")
            return 0
        }
        let files = try templateFiles(in: directory)
        guard !files.isEmpty else {
            context.print("No template files found in: \(directory)")
            return 0
        }
        context.print("Found \(files.count) template file(s)")
        let store = TemplateStore(database: context.database)
        var synced = 0
        var skipped = 0
        var errors = 0
        for name in files {
            try context.checkCancellation()
            context.print("\nProcessing: \(name)")
            let outcome: Outcome
            do {
                outcome = try process(directory + "/" + name, store: store, dryRun: dryRun, force: force, context: context)
            } catch {
                try context.checkCancellation()
                context.logger.warning("template sync failed", metadata: ["template.file": "\(name)", "error": "\(error)"])
                context.print("Error processing \(name): \(error)")
                outcome = .error
            }
            switch outcome {
            case .synced: synced += 1
            case .skipped: skipped += 1
            case .error: errors += 1
            }
        }
        context.print("")
        context.print("=== Sync Summary ===")
        context.print(dryRun ? "Would sync: \(synced)" : "Synced: \(synced)")
        context.print("Skipped: \(skipped)")
        context.print("Errors: \(errors)")
        context.summary.set("synced", Int64(synced))
        context.summary.set("skipped", Int64(skipped))
        context.summary.set("errors", Int64(errors))
        return 0
    }

    /// `*.md` directly in the folder, without the index page, sorted.
    private func templateFiles(in directory: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        return names.filter { name in
            guard name.hasSuffix(".md"), String(name.dropLast(3)) != Self.indexStem else { return false }
            var isDirectory = false
            return FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory) && !isDirectory
        }.sorted()
    }

    /// Parses, validates and upserts one file.
    private func process(
        _ path: String, store: TemplateStore, dryRun: Bool, force: Bool, context: JobContext
    ) throws -> Outcome {
        guard let data = FileManager.default.contents(atPath: path) else { throw SyncCommandError.fileUnreadable(path: path) }
        let file: TemplateFile
        do {
            file = try TemplateFile.parse(String(decoding: data, as: UTF8.self))
        } catch .skipped(let reason) {
            context.print("  Skipping: \(reason)")
            return .skipped
        } catch .error(let line) {
            context.print("  \(line)")
            return .error
        }
        do {
            let document = try QuestionGroupMarkdown.parse(file.body)
            context.print("  Validated: \(document.questionCount) question(s) in \(document.groups.count) group(s)")
        } catch {
            context.print("  Error validating markdown: \(error)")
            return .error
        }
        if let existing = try store.findGlobal(file) {
            guard existing.changed || force else {
                context.print("  Skipping: Template unchanged")
                return .skipped
            }
            if dryRun {
                context.print("  Would update: \(file.title)")
            } else {
                try store.update(id: existing.id, from: file, at: context.now())
                context.print("  Updated: \(file.title)")
            }
            return .synced
        }
        if dryRun {
            context.print("  Would create: \(file.title)")
            return .synced
        }
        let publisher: Int64
        if let superuser = try store.lowestSuperuser() {
            publisher = superuser
        } else {
            context.print("  No superuser found, creating system user")
            publisher = try store.systemUser(at: context.now())
        }
        try store.create(from: file, publisher: publisher, at: context.now())
        context.print("  Created: \(file.title)")
        return .synced
    }
}
