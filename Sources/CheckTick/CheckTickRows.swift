import FoundationEssentials
import Postgres

/// Inserts into CheckTick's tables with every NOT NULL column supplied (Django's defaults are not SQL
/// defaults). Used by `DemoData` and by the tests.
enum CheckTickRows {
    /// A new `auth_user`; returns its id.
    @discardableResult
    static func user(
        _ connection: PostgresConnection, username: String, email: String, firstName: String = "",
        isStaff: Bool = false, isSuperuser: Bool = false, joined: Date
    ) throws -> Int64 {
        try connection.query("""
            INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                                   date_joined)
            VALUES ('!', \(isSuperuser), \(username), \(firstName), '', \(email), \(isStaff), true, \(joined))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    /// A new `surveys_organization`; returns its id.
    @discardableResult
    static func organization(_ connection: PostgresConnection, name: String, owner: Int64?, now: Date) throws -> Int64 {
        try connection.query("""
            INSERT INTO surveys_organization (name, default_theme, theme_dark_css, theme_light_css, theme_preset_dark,
                theme_preset_light, billing_contact_email, billing_notes, billing_type, created_at, is_active,
                payment_customer_id, payment_price_id, payment_subscription_id, setup_token, subscription_status,
                updated_at, redirect_flow_id, owner_id, created_by_id)
            VALUES (\(name), '', '', '', '', '', '', '', 'per_seat', \(now), true, '', '', '', '', 'active', \(now), '',
                    \(owner), \(owner))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    /// The retention state of a survey.
    struct Retention: Sendable {
        /// `status`.
        var status = "draft"
        /// `closed_at`.
        var closedAt: Date?
        /// `deletion_date`.
        var deletionDate: Date?
        /// `deleted_at`.
        var deletedAt: Date?
        /// `hard_deletion_date`.
        var hardDeletionDate: Date?
        /// `retention_months`.
        var retentionMonths = 6

        /// A survey closed at `closedAt` with the deletion date CheckTick computes (months × 30 days), or `deletionDate`.
        static func closed(at closedAt: Date, months: Int = 6, deletionDate: Date? = nil) -> Retention {
            Retention(
                status: "closed", closedAt: closedAt,
                deletionDate: deletionDate ?? closedAt.addingTimeInterval(Double(months) * 30 * 86_400),
                retentionMonths: months)
        }
    }

    /// A new `surveys_survey` owned by `owner`; returns its id. `withKeys` fills the four KEK columns.
    @discardableResult
    static func survey(
        _ connection: PostgresConnection, owner: Int64, name: String, slug: String, organization: Int64? = nil,
        retention: Retention = Retention(), withKeys: Bool = false, created: Date
    ) throws -> Int64 {
        let key: [UInt8]? = withKeys ? Array(repeating: 0xAB, count: 48) : nil
        return try connection.query("""
            INSERT INTO surveys_survey (name, slug, description, created_at, owner_id, organization_id, style,
                captcha_required, no_patient_data_ack, status, visibility, recovery_code_hint, retention_months,
                allow_any_authenticated, is_original, language, require_passphrase_for_patient_data,
                dsr_warning_message, has_pending_dsr, suspended_reason, closed_at, closed_by_id, deletion_date,
                deleted_at, hard_deletion_date, encrypted_kek_password, encrypted_kek_recovery, encrypted_kek_oidc,
                encrypted_kek_org)
            VALUES (\(name), \(slug), '', \(created), \(owner), \(organization), '{}', false, false,
                    \(retention.status), 'authenticated', '', \(retention.retentionMonths), false, true, 'en', true, '',
                    false, '', \(retention.closedAt), \(retention.closedAt == nil ? nil : owner),
                    \(retention.deletionDate), \(retention.deletedAt), \(retention.hardDeletionDate),
                    \(key), \(key), \(key), \(key))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    /// A legal hold on `survey`; `removedAt` set makes it a lifted hold.
    static func legalHold(
        _ connection: PostgresConnection, survey: Int64, placedBy: Int64?, placedAt: Date, removedAt: Date? = nil
    ) throws {
        try connection.execute("""
            INSERT INTO surveys_legalhold (placed_at, reason, authority, removal_reason, survey_id, placed_by_id,
                                           removed_at, removed_by_id)
            VALUES (\(placedAt), 'Litigation hold', 'Court order XYZ-2024-001', '', \(survey), \(placedBy),
                    \(removedAt), \(removedAt == nil ? nil : placedBy))
            """)
    }

    /// A partial-response record; returns its id.
    @discardableResult
    static func progress(
        _ connection: PostgresConnection, survey: Int64, user: Int64?, sessionKey: String? = nil, expiresAt: Date,
        updatedAt: Date
    ) throws -> Int64 {
        try connection.query("""
            INSERT INTO surveys_surveyprogress (session_key, partial_answers, total_questions, answered_count,
                created_at, updated_at, expires_at, survey_id, user_id)
            VALUES (\(sessionKey), '{"q1": "yes"}', 5, 1, \(updatedAt), \(updatedAt), \(expiresAt), \(survey), \(user))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    /// A submitted response; returns its id.
    @discardableResult
    static func response(_ connection: PostgresConnection, survey: Int64, user: Int64?, submitted: Date) throws -> Int64 {
        try connection.query("""
            INSERT INTO surveys_surveyresponse (answers, submitted_at, submitted_by_id, survey_id, frozen_reason,
                                                is_frozen, freeze_source)
            VALUES ('{"q1": "yes", "q2": 4}', \(submitted), \(user), \(survey), '', false, '')
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    /// A key-recovery request in `status`; returns its uuid (lowercase text). The code is `AAA-999-AAA` shaped.
    @discardableResult
    static func recoveryRequest(
        _ connection: PostgresConnection, user: Int64, survey: Int64, code: String, status: String,
        timeDelayHours: Int = 24, timeDelayUntil: Date?, submitted: Date
    ) throws -> String {
        try connection.query("""
            INSERT INTO surveys_recoveryrequest (id, request_code, status, submitted_at, time_delay_hours,
                time_delay_until, approved_at, primary_reason, secondary_reason, rejection_reason, cancellation_reason,
                custodian_component_used, vault_recovery_path, user_context, survey_id, user_id)
            VALUES (gen_random_uuid(), \(code), \(status), \(submitted), \(timeDelayHours), \(timeDelayUntil),
                    \(timeDelayUntil.map { $0.addingTimeInterval(-Double(timeDelayHours) * 3600) }), '', '', '', '',
                    false, '', '{}', \(survey), \(user))
            RETURNING id::text AS id
            """)[0].decode("id", as: String.self)
    }

    /// A recovery audit entry (as CheckTick's earlier steps write them); returns its `entry_hash`.
    @discardableResult
    static func recoveryAuditEntry(
        _ connection: PostgresConnection, request: String, eventType: String, at timestamp: Date, previousHash: String
    ) throws -> String {
        try connection.query("""
            INSERT INTO surveys_recoveryauditentry (id, timestamp, event_type, severity, actor_type, actor_user_agent,
                details, entry_hash, previous_hash, forwarded_to_siem, recovery_request_id)
            VALUES (gen_random_uuid(), \(timestamp), \(eventType), 'info', 'admin', '', '{}',
                    encode(sha256(convert_to(\(eventType) || \(request), 'UTF8')), 'hex'), \(previousHash), false,
                    \(request)::uuid)
            RETURNING entry_hash
            """)[0].decode("entry_hash", as: String.self)
    }
}
