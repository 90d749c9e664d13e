import FoundationEssentials
import JobEngine
import Postgres

/// The permanent deletion of a batch of surveys: crypto-erasure of the key columns, then every dependent
/// row deleted (or detached, where Django's `on_delete` is SET_NULL) children first, then the surveys,
/// in one transaction. CheckTick's foreign keys have no ON DELETE clause, so nothing cascades by itself.
enum SurveyHardDelete {
    /// The four key-encryption-key columns overwritten with random bytes before the row goes.
    static let keyColumns = ["encrypted_kek_password", "encrypted_kek_recovery", "encrypted_kek_oidc", "encrypted_kek_org"]
    /// Bytes of random data written over each non-empty key column.
    static let erasureBytes = 64

    /// The cascade, in order; each statement takes the survey ids as `$1` (bigint[]).
    /// Mirrors Django's collector for `Survey.delete()` on CheckTick's schema.
    static let cascade: [(table: String, sql: String)] = [
        // 1. responses: their freeze logs go (CASCADE); data subject requests keep existing but lose the link (SET_NULL)
        ("surveys_responsefreezelog", """
            DELETE FROM surveys_responsefreezelog WHERE response_id IN
                (SELECT id FROM surveys_surveyresponse WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_responsefreezelog", """
            UPDATE surveys_responsefreezelog SET data_subject_request_id = NULL WHERE data_subject_request_id IN
                (SELECT id FROM surveys_datasubjectrequest WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_datasubjectrequest", """
            UPDATE surveys_datasubjectrequest SET response_id = NULL WHERE response_id IN
                (SELECT id FROM surveys_surveyresponse WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_surveyresponse", "DELETE FROM surveys_surveyresponse WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_dataexport", "DELETE FROM surveys_dataexport WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_datasubjectrequest", "DELETE FROM surveys_datasubjectrequest WHERE survey_id = ANY($1::bigint[])"),
        // 2. questions and what hangs off them
        ("surveys_questionimage", """
            DELETE FROM surveys_questionimage WHERE question_id IN
                (SELECT id FROM surveys_surveyquestion WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_surveyquestioncondition", """
            DELETE FROM surveys_surveyquestioncondition
            WHERE question_id IN (SELECT id FROM surveys_surveyquestion WHERE survey_id = ANY($1::bigint[]))
               OR target_question_id IN (SELECT id FROM surveys_surveyquestion WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_surveyquestion", "DELETE FROM surveys_surveyquestion WHERE survey_id = ANY($1::bigint[])"),
        // 3. collection definitions (self-referencing) and their items
        ("surveys_collectionitem", """
            DELETE FROM surveys_collectionitem
            WHERE collection_id IN (SELECT id FROM surveys_collectiondefinition WHERE survey_id = ANY($1::bigint[]))
               OR child_collection_id IN (SELECT id FROM surveys_collectiondefinition WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_collectiondefinition", "DELETE FROM surveys_collectiondefinition WHERE survey_id = ANY($1::bigint[])"),
        // 4. key-recovery requests with their verifications and audit entries
        ("surveys_identityverification", """
            DELETE FROM surveys_identityverification WHERE recovery_request_id IN
                (SELECT id FROM surveys_recoveryrequest WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_recoveryauditentry", """
            DELETE FROM surveys_recoveryauditentry WHERE recovery_request_id IN
                (SELECT id FROM surveys_recoveryrequest WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_recoveryrequest", "DELETE FROM surveys_recoveryrequest WHERE survey_id = ANY($1::bigint[])"),
        // 5. direct dependents without children (including the survey's own audit log and lifted legal holds)
        ("surveys_survey_question_groups", "DELETE FROM surveys_survey_question_groups WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_surveymembership", "DELETE FROM surveys_surveymembership WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_surveyprogress", "DELETE FROM surveys_surveyprogress WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_auditlog", "DELETE FROM surveys_auditlog WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_llmconversationsession", "DELETE FROM surveys_llmconversationsession WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_legalhold", "DELETE FROM surveys_legalhold WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_datacustodian", "DELETE FROM surveys_datacustodian WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_dataretentionextension", "DELETE FROM surveys_dataretentionextension WHERE survey_id = ANY($1::bigint[])"),
        ("surveys_usersurveykekescrow", "DELETE FROM surveys_usersurveykekescrow WHERE survey_id = ANY($1::bigint[])"),
        // 6. access tokens: other rows that used them keep existing without the link (SET_NULL)
        ("surveys_surveyprogress", """
            UPDATE surveys_surveyprogress SET access_token_id = NULL WHERE access_token_id IN
                (SELECT id FROM surveys_surveyaccesstoken WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_surveyresponse", """
            UPDATE surveys_surveyresponse SET access_token_id = NULL WHERE access_token_id IN
                (SELECT id FROM surveys_surveyaccesstoken WHERE survey_id = ANY($1::bigint[]))
            """),
        ("surveys_surveyaccesstoken", "DELETE FROM surveys_surveyaccesstoken WHERE survey_id = ANY($1::bigint[])"),
        // 7. translations of these surveys stay, detached (SET_NULL); then the surveys themselves
        ("surveys_survey", """
            UPDATE surveys_survey SET translated_from_id = NULL
            WHERE translated_from_id = ANY($1::bigint[]) AND NOT (id = ANY($1::bigint[]))
            """),
        ("surveys_survey", "DELETE FROM surveys_survey WHERE id = ANY($1::bigint[])"),
    ]

    /// One survey locked for deletion, with what its audit event records.
    struct Victim: Sendable {
        /// Survey id.
        let id: Int64
        /// Slug.
        let slug: String
        /// Name.
        let name: String
        /// Owner's username.
        let owner: String
        /// When it was soft-deleted.
        let deletedAt: Date?
        /// Submitted responses deleted with it.
        let responseCount: Int
        /// Which key columns held data and were erased.
        let erasedKeys: [String]
    }

    /// Hard-deletes up to `limit` due surveys (soft-deleted, past `hard_deletion_date`, no active hold)
    /// in one transaction and writes a `hard_delete` audit event for each; returns how many.
    static func deleteBatch(_ pool: PostgresPool, now: Date, limit: Int, runID: String, job: String) throws -> Int {
        try pool.transaction { connection in
            let victims = try lockBatch(connection, now: now, limit: limit)
            guard !victims.isEmpty else { return 0 }
            // The id list travels as the same bigint[] text in every statement: encode it once.
            let ids = victims.map(\.id).postgresText ?? "{}"
            try erase(connection, victims: victims)
            for step in cascade {
                try connection.execute(statement(step.sql, ids: ids))
            }
            try recordAudit(connection, victims: victims, now: now, runID: runID, job: job)
            return victims.count
        }
    }

    /// A cascade statement with every `$1` replaced by a bind of `ids`, a bigint[] in its text form.
    static func statement(_ text: String, ids: String) -> SQL {
        let pieces = text.split(separator: "$1", omittingEmptySubsequences: false)
        var sql = SQL(unsafeSQL: String(pieces[0]))
        for piece in pieces.dropFirst() {
            sql = sql + "\(ids)" + SQL(unsafeSQL: String(piece))
        }
        return sql
    }

    /// 1. Locks one batch of due surveys and reads what the audit event needs.
    static func lockBatch(_ connection: PostgresConnection, now: Date, limit: Int) throws -> [Victim] {
        let rows = try connection.query("""
            SELECT s.id, s.slug, s.name, u.username, s.deleted_at,
                   (SELECT count(*) FROM surveys_surveyresponse r WHERE r.survey_id = s.id) AS responses,
                   coalesce(octet_length(s.encrypted_kek_password), 0) > 0 AS k_password,
                   coalesce(octet_length(s.encrypted_kek_recovery), 0) > 0 AS k_recovery,
                   coalesce(octet_length(s.encrypted_kek_oidc), 0) > 0 AS k_oidc,
                   coalesce(octet_length(s.encrypted_kek_org), 0) > 0 AS k_org
            FROM surveys_survey s
            JOIN auth_user u ON u.id = s.owner_id
            WHERE s.hard_deletion_date <= \(now) AND s.deleted_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM surveys_legalhold h WHERE h.survey_id = s.id AND h.removed_at IS NULL)
            ORDER BY s.id
            LIMIT \(limit)
            FOR UPDATE OF s SKIP LOCKED
            """)
        return try rows.map { row in
            let flags = [
                try row.decode("k_password", as: Bool.self), try row.decode("k_recovery", as: Bool.self),
                try row.decode("k_oidc", as: Bool.self), try row.decode("k_org", as: Bool.self),
            ]
            return Victim(
                id: try row.decode("id", as: Int64.self),
                slug: try row.decode("slug", as: String.self),
                name: try row.decode("name", as: String.self),
                owner: try row.decode("username", as: String.self),
                deletedAt: try row.decode("deleted_at", as: Date?.self),
                responseCount: try row.decode("responses", as: Int.self),
                erasedKeys: zip(keyColumns, flags).filter(\.1).map(\.0))
        }
    }

    /// 2. Overwrites each non-empty key column with fresh random bytes (crypto-erasure, defence in depth).
    static func erase(_ connection: PostgresConnection, victims: [Victim]) throws {
        let erasing = victims.filter { !$0.erasedKeys.isEmpty }
        guard !erasing.isEmpty else { return }
        // One getrandom(2) for the whole batch, bound as one bytea: survey i's column c takes bytes
        // ((i * 4) + c) * 64 ..< +64. A system call per byte, or a hex string per key, cost more than the
        // deletion itself.
        let random = SecureRandom.bytes(count: erasing.count * keyColumns.count * erasureBytes)
        try connection.execute("""
            UPDATE surveys_survey s SET
                encrypted_kek_password = CASE WHEN octet_length(s.encrypted_kek_password) > 0
                                              THEN substring(r.bytes FROM v.first + 1 FOR r.width)
                                              ELSE s.encrypted_kek_password END,
                encrypted_kek_recovery = CASE WHEN octet_length(s.encrypted_kek_recovery) > 0
                                              THEN substring(r.bytes FROM v.first + r.width + 1 FOR r.width)
                                              ELSE s.encrypted_kek_recovery END,
                encrypted_kek_oidc = CASE WHEN octet_length(s.encrypted_kek_oidc) > 0
                                          THEN substring(r.bytes FROM v.first + 2 * r.width + 1 FOR r.width)
                                          ELSE s.encrypted_kek_oidc END,
                encrypted_kek_org = CASE WHEN octet_length(s.encrypted_kek_org) > 0
                                         THEN substring(r.bytes FROM v.first + 3 * r.width + 1 FOR r.width)
                                         ELSE s.encrypted_kek_org END
            FROM (SELECT \(random)::bytea AS bytes, \(erasureBytes)::int AS width) r,
                 LATERAL (SELECT u.id, ((u.ord - 1) * 4 * r.width)::int AS first
                          FROM unnest(\(erasing.map(\.id))::bigint[]) WITH ORDINALITY AS u(id, ord)) v
            WHERE s.id = v.id
            """)
    }

    /// 4. One `hard_delete` audit event per survey (outlives the survey's own audit log rows).
    static func recordAudit(
        _ connection: PostgresConnection, victims: [Victim], now: Date, runID: String, job: String
    ) throws {
        let ids = victims.map(\.id)
        let details = try victims.map { victim in
            try PostgresJSON(encoding: AuditDetails(victim: victim, now: now)).rawString
        }
        try connection.execute("""
            INSERT INTO checktick_jobs.audit_events (occurred_at, run_id, job, action, subject_type, subject_id, details)
            SELECT \(now), NULLIF(\(runID), '')::uuid, \(job), 'hard_delete', 'survey', v.id::text, v.details::jsonb
            FROM unnest(\(ids)::bigint[], \(details)::text[]) AS v(id, details)
            """)
    }

    /// The audit record CheckTick only logged: who, what, how many responses, which keys were erased.
    private struct AuditDetails: Encodable {
        let survey_id: Int64
        let survey_slug: String
        let survey_name: String
        let owner: String
        let response_count: Int
        let soft_deleted_at: String?
        let deleted_at: String
        let encryption_keys_erased: [String]

        init(victim: Victim, now: Date) {
            survey_id = victim.id
            survey_slug = victim.slug
            survey_name = victim.name
            owner = victim.owner
            response_count = victim.responseCount
            soft_deleted_at = victim.deletedAt.map { PythonTime($0).isoString }
            deleted_at = PythonTime(now).isoString
            encryption_keys_erased = victim.erasedKeys
        }
    }
}
