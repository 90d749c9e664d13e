-- Hand-written, set-based baseline for `checktick-jobs run process_data_governance` (bench/run, scenario 6):
-- the same database work in one psql transaction, no e-mail. Mirrors Sources/CheckTick (RetentionStore,
-- SurveyHardDelete, WarningWindow, DataGovernanceJob): ledger epoch, the three warning windows (CheckTick's
-- ±12 h rule or catch-up, not yet warned at this or a nearer window, no active legal hold), ledger and
-- audit rows for every warning, soft delete with audit rows, hard delete (key erasure, every dependent
-- row children first, audit rows, the surveys). psql -v ON_ERROR_STOP=1 -f governance-baseline.sql
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE gov_run ON COMMIT DROP AS SELECT gen_random_uuid() AS run_id, now() AS at;

-- 1. the ledger's epoch (first governance run on this database)
INSERT INTO checktick_jobs.job_state (job, first_run_at) VALUES ('process_data_governance', now())
ON CONFLICT (job) DO NOTHING;

-- 2. warning candidates of all three windows, chosen before any ledger row is written (as the job does)
CREATE TEMP TABLE gov_warnings ON COMMIT DROP AS
WITH epoch AS (
    SELECT first_run_at AS e FROM checktick_jobs.job_state WHERE job = 'process_data_governance'
), windows (days, nearer) AS (
    VALUES (30, 7), (7, 1), (1, NULL::integer)
), bounds AS (
    SELECT w.days,
           coalesce(now() + make_interval(days => w.nearer) + interval '12 hours', now()) AS band_lower,
           now() + make_interval(days => w.days) + interval '12 hours' AS band_upper,
           now() + make_interval(days => w.days) - interval '12 hours' AS exact_lower,
           now() + make_interval(days => w.days) + interval '12 hours' AS exact_upper,
           epoch.e + make_interval(days => w.days) + interval '12 hours' AS catch_up_from
    FROM windows w CROSS JOIN epoch
)
SELECT s.id, b.days AS window_days, s.deletion_date, s.closed_at, s.name, s.slug, s.retention_months,
       u.email, u.username
FROM bounds b
JOIN surveys_survey s ON s.deletion_date > b.band_lower AND s.deletion_date <= b.band_upper
JOIN auth_user u ON u.id = s.owner_id
WHERE s.deleted_at IS NULL
  AND ((s.deletion_date >= b.exact_lower AND s.deletion_date <= b.exact_upper) OR s.deletion_date >= b.catch_up_from)
  AND NOT EXISTS (SELECT 1 FROM surveys_legalhold h WHERE h.survey_id = s.id AND h.removed_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM checktick_jobs.deletion_warnings w
                  WHERE w.survey_id = s.id AND w.deletion_date = s.deletion_date AND w.window_days <= b.days);

-- 3. ledger and audit rows for the warnings that can be sent (the job cannot build a mail without closed_at)
INSERT INTO checktick_jobs.deletion_warnings (survey_id, window_days, deletion_date, sent_at, run_id, recipient)
SELECT w.id, w.window_days, w.deletion_date, now(), r.run_id, w.email
FROM gov_warnings w CROSS JOIN gov_run r WHERE w.closed_at IS NOT NULL
ON CONFLICT DO NOTHING;
INSERT INTO checktick_jobs.audit_events (occurred_at, run_id, job, action, subject_type, subject_id, details)
SELECT now(), r.run_id, 'process_data_governance', 'warning_sent', 'survey', w.id::text,
       jsonb_build_object('window_days', w.window_days, 'deletion_date', w.deletion_date, 'recipient', w.email)
FROM gov_warnings w CROSS JOIN gov_run r WHERE w.closed_at IS NOT NULL;

-- 4. surveys a legal hold keeps from either deletion step (the job counts them for its output)
SELECT count(*) AS skipped_legal_hold FROM surveys_survey s
WHERE EXISTS (SELECT 1 FROM surveys_legalhold h WHERE h.survey_id = s.id AND h.removed_at IS NULL)
  AND ((s.deletion_date <= now() AND s.deleted_at IS NULL AND s.closed_at IS NOT NULL)
       OR (s.hard_deletion_date <= now() AND s.deleted_at IS NOT NULL)) \gset

-- 5. soft delete with one audit row each
WITH soft AS (
    UPDATE surveys_survey s SET deleted_at = now(), hard_deletion_date = now() + interval '30 days'
    WHERE s.deletion_date <= now() AND s.deleted_at IS NULL AND s.closed_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM surveys_legalhold h WHERE h.survey_id = s.id AND h.removed_at IS NULL)
    RETURNING s.id, s.slug, s.name, s.deletion_date, s.deleted_at, s.hard_deletion_date
)
INSERT INTO checktick_jobs.audit_events (occurred_at, run_id, job, action, subject_type, subject_id, details)
SELECT now(), r.run_id, 'process_data_governance', 'soft_delete', 'survey', soft.id::text,
       jsonb_build_object('survey_slug', soft.slug, 'survey_name', soft.name, 'deletion_date', soft.deletion_date,
                          'deleted_at', soft.deleted_at, 'hard_deletion_date', soft.hard_deletion_date)
FROM soft CROSS JOIN gov_run r;

-- 6. hard delete: lock the due surveys (not the ones soft-deleted just now: their grace starts today)
CREATE TEMP TABLE gov_victims ON COMMIT DROP AS
SELECT s.id, s.slug, s.name, u.username, s.deleted_at,
       (SELECT count(*) FROM surveys_surveyresponse r WHERE r.survey_id = s.id) AS responses,
       array_remove(ARRAY[
           CASE WHEN coalesce(octet_length(s.encrypted_kek_password), 0) > 0 THEN 'encrypted_kek_password' END,
           CASE WHEN coalesce(octet_length(s.encrypted_kek_recovery), 0) > 0 THEN 'encrypted_kek_recovery' END,
           CASE WHEN coalesce(octet_length(s.encrypted_kek_oidc), 0) > 0 THEN 'encrypted_kek_oidc' END,
           CASE WHEN coalesce(octet_length(s.encrypted_kek_org), 0) > 0 THEN 'encrypted_kek_org' END], NULL) AS erased
FROM surveys_survey s
JOIN auth_user u ON u.id = s.owner_id
WHERE s.hard_deletion_date <= now() AND s.deleted_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM surveys_legalhold h WHERE h.survey_id = s.id AND h.removed_at IS NULL);
ALTER TABLE gov_victims ADD PRIMARY KEY (id);
ANALYZE gov_victims;
SELECT 1 FROM surveys_survey s JOIN gov_victims v ON v.id = s.id FOR UPDATE OF s \g /dev/null

-- 6a. crypto-erasure: 64 fresh bytes over every non-empty key column
UPDATE surveys_survey s SET
    encrypted_kek_password = CASE WHEN octet_length(s.encrypted_kek_password) > 0
                                  THEN sha512(gen_random_uuid()::text::bytea) ELSE s.encrypted_kek_password END,
    encrypted_kek_recovery = CASE WHEN octet_length(s.encrypted_kek_recovery) > 0
                                  THEN sha512(gen_random_uuid()::text::bytea) ELSE s.encrypted_kek_recovery END,
    encrypted_kek_oidc = CASE WHEN octet_length(s.encrypted_kek_oidc) > 0
                              THEN sha512(gen_random_uuid()::text::bytea) ELSE s.encrypted_kek_oidc END,
    encrypted_kek_org = CASE WHEN octet_length(s.encrypted_kek_org) > 0
                             THEN sha512(gen_random_uuid()::text::bytea) ELSE s.encrypted_kek_org END
FROM gov_victims v WHERE s.id = v.id AND cardinality(v.erased) > 0;

-- 6b. every dependent row, children first (Django's collector order; no ON DELETE CASCADE in the schema)
DELETE FROM surveys_responsefreezelog WHERE response_id IN
    (SELECT r.id FROM surveys_surveyresponse r JOIN gov_victims v ON v.id = r.survey_id);
UPDATE surveys_responsefreezelog SET data_subject_request_id = NULL WHERE data_subject_request_id IN
    (SELECT d.id FROM surveys_datasubjectrequest d JOIN gov_victims v ON v.id = d.survey_id);
UPDATE surveys_datasubjectrequest SET response_id = NULL WHERE response_id IN
    (SELECT r.id FROM surveys_surveyresponse r JOIN gov_victims v ON v.id = r.survey_id);
DELETE FROM surveys_surveyresponse WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_dataexport WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_datasubjectrequest WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_questionimage WHERE question_id IN
    (SELECT q.id FROM surveys_surveyquestion q JOIN gov_victims v ON v.id = q.survey_id);
DELETE FROM surveys_surveyquestioncondition
WHERE question_id IN (SELECT q.id FROM surveys_surveyquestion q JOIN gov_victims v ON v.id = q.survey_id)
   OR target_question_id IN (SELECT q.id FROM surveys_surveyquestion q JOIN gov_victims v ON v.id = q.survey_id);
DELETE FROM surveys_surveyquestion WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_collectionitem
WHERE collection_id IN (SELECT c.id FROM surveys_collectiondefinition c JOIN gov_victims v ON v.id = c.survey_id)
   OR child_collection_id IN (SELECT c.id FROM surveys_collectiondefinition c JOIN gov_victims v ON v.id = c.survey_id);
DELETE FROM surveys_collectiondefinition WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_identityverification WHERE recovery_request_id IN
    (SELECT q.id FROM surveys_recoveryrequest q JOIN gov_victims v ON v.id = q.survey_id);
DELETE FROM surveys_recoveryauditentry WHERE recovery_request_id IN
    (SELECT q.id FROM surveys_recoveryrequest q JOIN gov_victims v ON v.id = q.survey_id);
DELETE FROM surveys_recoveryrequest WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_survey_question_groups WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_surveymembership WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_surveyprogress WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_auditlog WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_llmconversationsession WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_legalhold WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_datacustodian WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_dataretentionextension WHERE survey_id IN (SELECT id FROM gov_victims);
DELETE FROM surveys_usersurveykekescrow WHERE survey_id IN (SELECT id FROM gov_victims);
UPDATE surveys_surveyprogress SET access_token_id = NULL WHERE access_token_id IN
    (SELECT t.id FROM surveys_surveyaccesstoken t JOIN gov_victims v ON v.id = t.survey_id);
UPDATE surveys_surveyresponse SET access_token_id = NULL WHERE access_token_id IN
    (SELECT t.id FROM surveys_surveyaccesstoken t JOIN gov_victims v ON v.id = t.survey_id);
DELETE FROM surveys_surveyaccesstoken WHERE survey_id IN (SELECT id FROM gov_victims);
UPDATE surveys_survey SET translated_from_id = NULL
WHERE translated_from_id IN (SELECT id FROM gov_victims) AND id NOT IN (SELECT id FROM gov_victims);
DELETE FROM surveys_survey WHERE id IN (SELECT id FROM gov_victims);

-- 6c. one hard_delete audit row per survey (what CheckTick only logged)
INSERT INTO checktick_jobs.audit_events (occurred_at, run_id, job, action, subject_type, subject_id, details)
SELECT now(), r.run_id, 'process_data_governance', 'hard_delete', 'survey', v.id::text,
       jsonb_build_object('survey_id', v.id, 'survey_slug', v.slug, 'survey_name', v.name, 'owner', v.username,
                          'response_count', v.responses, 'soft_deleted_at', v.deleted_at, 'deleted_at', now(),
                          'encryption_keys_erased', to_jsonb(v.erased))
FROM gov_victims v CROSS JOIN gov_run r;

COMMIT;
