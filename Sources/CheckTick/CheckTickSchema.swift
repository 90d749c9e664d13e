import Postgres

/// The database objects the CheckTick jobs need besides the engine's own schema.
public enum CheckTickSchema {
    /// Our migrations for the `checktick_jobs` schema, appended after `EngineSchema.migrations`.
    public static let serviceMigrations: [Migration] = [
        Migration("0100_job_state", sql: """
            -- 1. per-job facts that outlive runs: the governance warning ledger's epoch (its first run here)
            CREATE TABLE checktick_jobs.job_state (
                job text PRIMARY KEY,
                first_run_at timestamptz NOT NULL
            );
            -- 2. the ledger is read by deletion date and survey
            CREATE INDEX deletion_warnings_survey ON checktick_jobs.deletion_warnings (survey_id, deletion_date);
            """),
        Migration("0101_recovery_notifications", sql: """
            -- 1. the recovery "ready" e-mail as an outbox: recorded pending in the status change's transaction,
            --    marked sent only once the SMTP server accepted it, dropped when the request left
            --    ready_for_execution before that; one row per request, so never two e-mails for one request
            CREATE TABLE checktick_jobs.recovery_notifications (
                request_id uuid PRIMARY KEY,
                status text NOT NULL CHECK (status IN ('pending', 'sent', 'dropped')),
                recorded_at timestamptz NOT NULL,
                run_id uuid,
                attempts integer NOT NULL DEFAULT 0,
                last_attempt_at timestamptz,
                last_error text,
                sent_at timestamptz,
                dropped_at timestamptz
            );
            -- 2. every run looks up the pending ones
            CREATE INDEX recovery_notifications_pending ON checktick_jobs.recovery_notifications (recorded_at)
                WHERE status = 'pending';
            """),
    ]

    /// Our own DDL for the CheckTick tables the jobs use plus every table with a foreign key to
    /// `surveys_survey` (closed under foreign keys): the same columns, types, keys and deferred foreign
    /// keys as CheckTick's Django migrations create, no SQL defaults. Idempotent (`IF NOT EXISTS`).
    public static let checktickTablesDDL = [referencedTablesDDL, dependentTablesDDL, indexesDDL]
        .joined(separator: "\n\n") + "\n"

    /// Every table of `checktickTablesDDL`, in an order that satisfies the foreign keys.
    public static let checktickTables: [String] = [
        "auth_user", "core_sitebranding", "surveys_organization", "surveys_team", "surveys_survey",
        "surveys_auditlog", "surveys_collectiondefinition", "surveys_publishedquestiongroup",
        "surveys_questiongroup", "surveys_collectionitem", "surveys_datacustodian", "surveys_dataexport",
        "surveys_dataretentionextension", "surveys_dataset", "surveys_surveyaccesstoken", "surveys_surveyresponse",
        "surveys_datasubjectrequest", "surveys_recoveryrequest", "surveys_identityverification", "surveys_legalhold",
        "surveys_llmconversationsession", "surveys_platformkeyversion", "surveys_surveyquestion",
        "surveys_questionimage", "surveys_recoveryauditentry", "surveys_responsefreezelog",
        "surveys_survey_question_groups", "surveys_surveymembership", "surveys_surveyprogress",
        "surveys_surveyquestioncondition", "surveys_usersurveykekescrow",
    ]
}
