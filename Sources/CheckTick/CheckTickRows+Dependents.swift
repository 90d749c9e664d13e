import FoundationEssentials
import Postgres

extension CheckTickRows {
    /// Gives `survey` at least one row in every table that depends on `surveys_survey` (directly or
    /// through its questions, responses, collections and recovery requests), plus rows of `otherSurvey`
    /// that point at this survey's token, response and translation (the SET_NULL cases).
    /// Returns the tables written, for the tests' orphan checks.
    @discardableResult
    static func everyDependent(
        _ connection: PostgresConnection, survey: Int64, owner: Int64, member: Int64, otherSurvey: Int64, now: Date
    ) throws -> [String] {
        let tag = "\(survey)-\(UInt32.random(in: 0...UInt32.max))"
        let statements: [SQL] = [
            // 1. questions with an image and conditions; a question group linked to the survey
            """
            WITH q1 AS (INSERT INTO surveys_surveyquestion (text, type, options, required, "order", survey_id)
                        VALUES ('How are you?', 'mc_single', '["fine", "unwell"]', true, 0, \(survey)) RETURNING id),
                 q2 AS (INSERT INTO surveys_surveyquestion (text, type, options, required, "order", survey_id)
                        VALUES ('Why?', 'text', '[]', false, 1, \(survey)) RETURNING id),
                 img AS (INSERT INTO surveys_questionimage (image, label, "order", created_at, question_id)
                         SELECT 'question_images/scale.png', 'Scale', 0, \(now), id FROM q1)
            INSERT INTO surveys_surveyquestioncondition (operator, value, action, "order", description, created_at,
                                                         updated_at, question_id, target_question_id)
            SELECT 'eq', 'unwell', 'jump_to', 0, '', \(now), \(now), q1.id, q2.id FROM q1, q2
            """,
            """
            WITH g AS (INSERT INTO surveys_questiongroup (name, shared, schema, created_at, owner_id, description)
                       VALUES ('Wellbeing', false, '{}', \(now), \(owner), '') RETURNING id),
                 link AS (INSERT INTO surveys_survey_question_groups (survey_id, questiongroup_id)
                          SELECT \(survey), id FROM g),
                 parent AS (INSERT INTO surveys_collectiondefinition (key, name, cardinality, min_count, survey_id)
                            VALUES ('household', 'Household', 'many', 0, \(survey)) RETURNING id),
                 child AS (INSERT INTO surveys_collectiondefinition (key, name, cardinality, min_count, survey_id,
                                                                     parent_id)
                           SELECT 'member', 'Member', 'many', 0, \(survey), id FROM parent RETURNING id)
            INSERT INTO surveys_collectionitem (item_type, "order", collection_id, child_collection_id, group_id)
            SELECT 'collection', 0, parent.id, child.id, g.id FROM parent, child, g
            """,
            // 2. people around the survey
            """
            INSERT INTO surveys_surveymembership (role, created_at, survey_id, user_id)
            VALUES ('editor', \(now), \(survey), \(member))
            """,
            """
            INSERT INTO surveys_datacustodian (granted_at, reason, survey_id, user_id, granted_by_id)
            VALUES (\(now), 'Data steward', \(survey), \(member), \(owner))
            """,
            """
            INSERT INTO surveys_auditlog (scope, action, metadata, created_at, message, severity, user_agent,
                                          username_attempted, survey_id, actor_id)
            VALUES ('survey', 'update', '{}', \(now), 'Survey updated', 'info', '', '', \(survey), \(owner))
            """,
            """
            INSERT INTO surveys_llmconversationsession (id, conversation_history, current_markdown, created_at,
                                                        updated_at, is_active, survey_id, user_id)
            VALUES (gen_random_uuid(), '[]', '# Draft', \(now), \(now), true, \(survey), \(owner))
            """,
            """
            INSERT INTO surveys_dataretentionextension (requested_at, previous_deletion_date, new_deletion_date,
                                                        months_extended, reason, survey_id, requested_by_id)
            VALUES (\(now), \(now), \(now), 6, 'Follow-up study', \(survey), \(owner))
            """,
            """
            INSERT INTO surveys_legalhold (placed_at, reason, authority, removal_reason, survey_id, removed_at)
            SELECT \(now), 'Old hold', 'Court', 'Case closed', \(survey), \(now)
            WHERE NOT EXISTS (SELECT 1 FROM surveys_legalhold WHERE survey_id = \(survey))
            """,
            // 3. an access token used by a response and by progress rows, one of another survey (SET_NULL)
            """
            WITH t AS (INSERT INTO surveys_surveyaccesstoken (token, created_at, note, created_by_id, survey_id,
                                                              for_authenticated)
                       VALUES (\("tok-" + tag), \(now), '', \(owner), \(survey), false) RETURNING id),
                 r AS (INSERT INTO surveys_surveyresponse (answers, submitted_at, survey_id, access_token_id,
                                                           frozen_reason, is_frozen, freeze_source)
                       SELECT '{}', \(now), \(survey), id, '', false, '' FROM t RETURNING id),
                 p1 AS (INSERT INTO surveys_surveyprogress (partial_answers, total_questions, answered_count,
                            created_at, updated_at, expires_at, survey_id, access_token_id, session_key)
                        SELECT '{}', 3, 1, \(now), \(now), \(now), \(survey), id, \("s1-" + tag) FROM t)
            INSERT INTO surveys_surveyprogress (partial_answers, total_questions, answered_count, created_at,
                                                updated_at, expires_at, survey_id, access_token_id, session_key)
            SELECT '{}', 3, 1, \(now), \(now), \(now), \(otherSurvey), id, \("s2-" + tag) FROM t
            """,
            // 4. responses with a data subject request and a freeze log; another survey's DSR points here too
            """
            WITH r AS (INSERT INTO surveys_surveyresponse (answers, submitted_at, survey_id, submitted_by_id,
                                                           frozen_reason, is_frozen, freeze_source)
                       VALUES ('{"q1": "fine"}', \(now), \(survey), \(member), 'DSR', true, 'dsr') RETURNING id),
                 d AS (INSERT INTO surveys_datasubjectrequest (request_type, status, respondent_email,
                           request_details, controller_response, resolution_notes, ico_reported, created_at,
                           updated_at, survey_id, response_id)
                       SELECT 'erasure', 'received', 'respondent@example.org', '', '', '', false, \(now), \(now),
                              \(survey), id FROM r RETURNING id),
                 other AS (INSERT INTO surveys_datasubjectrequest (request_type, status, respondent_email,
                               request_details, controller_response, resolution_notes, ico_reported, created_at,
                               updated_at, survey_id, response_id)
                           SELECT 'access', 'received', 'respondent@example.org', '', '', '', false, \(now), \(now),
                                  \(otherSurvey), id FROM r RETURNING id)
            INSERT INTO surveys_responsefreezelog (action, source, reason, created_at, response_id,
                                                   data_subject_request_id)
            SELECT 'freeze', 'dsr', 'Erasure requested', \(now), r.id, d.id FROM r, d
            """,
            """
            INSERT INTO surveys_responsefreezelog (action, source, reason, created_at, response_id,
                                                   data_subject_request_id)
            SELECT 'freeze', 'dsr', 'Other survey', \(now), r.id, d.id
            FROM surveys_surveyresponse r, surveys_datasubjectrequest d
            WHERE r.survey_id = \(otherSurvey) AND d.survey_id = \(survey)
            LIMIT 1
            """,
            """
            INSERT INTO surveys_dataexport (id, created_at, download_token, download_url_expires_at, download_count,
                                            response_count, export_format, is_encrypted, survey_id, created_by_id)
            VALUES (gen_random_uuid(), \(now), \("dl-" + tag), \(now), 0, 2, 'csv', true, \(survey), \(owner))
            """,
            // 5. a recovery request with its verification and audit entry; a key escrow
            """
            WITH rr AS (INSERT INTO surveys_recoveryrequest (id, request_code, status, submitted_at, time_delay_hours,
                            primary_reason, secondary_reason, rejection_reason, cancellation_reason,
                            custodian_component_used, vault_recovery_path, user_context, survey_id, user_id)
                        VALUES (gen_random_uuid(), \("RQ-" + tag), 'pending_verification', \(now), 48, '', '', '', '',
                                false, '', '{}', \(survey), \(owner)) RETURNING id),
                 iv AS (INSERT INTO surveys_identityverification (id, verification_type, status, document_path,
                            document_type, verification_notes, video_recording_path, questions_asked, created_at,
                            updated_at, recovery_request_id)
                        SELECT gen_random_uuid(), 'photo_id', 'pending', '', 'passport', '', '', '[]', \(now), \(now),
                               id FROM rr)
            INSERT INTO surveys_recoveryauditentry (id, timestamp, event_type, severity, actor_type, actor_user_agent,
                                                    details, entry_hash, previous_hash, forwarded_to_siem,
                                                    recovery_request_id)
            SELECT gen_random_uuid(), \(now), 'request_submitted', 'info', 'user', '', '{}', '', '', false, id FROM rr
            """,
            """
            INSERT INTO surveys_platformkeyversion (version, vault_component, created_at, notes)
            VALUES ('v1', '\\x00', \(now), '') ON CONFLICT DO NOTHING
            """,
            """
            INSERT INTO surveys_usersurveykekescrow (vault_path, escrowed_at, email_encrypted, recovered_count,
                                                     platform_key_version_id, survey_id, user_id)
            VALUES (\("secret/escrow/" + tag), \(now), true, 0, 'v1', \(survey), \(owner))
            """,
            // 6. another survey translated from this one (SET_NULL)
            """
            UPDATE surveys_survey SET translated_from_id = \(survey) WHERE id = \(otherSurvey)
            """,
        ]
        for statement in statements { try connection.execute(statement) }
        return CheckTickSchema.checktickTables
    }
}
