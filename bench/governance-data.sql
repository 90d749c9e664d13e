-- Data set for the governance benchmark (bench/run, scenario 6), on a database that
-- `checktick-jobs migrate --checktick-schema` prepared. psql -v surveys=N -f governance-data.sql
--   survey g, by g % 10:
--     0     in a warning window: deletion date 30, 7 or 1 day(s) from now (± 3 h), closed  → one e-mail each
--     1     due for soft delete: closed, deletion date 1–60 days ago                     → soft delete
--     2     due for hard delete: soft-deleted 40 days ago, grace ended 1–9 days ago,
--           four key columns filled, 20 responses each                                   → hard delete
--     3–5   closed, deletion date 60–360 days ahead (no window yet)
--     6–9   published, open, no deletion date
-- Owners: one user per 100 surveys (at least 10). Every NOT NULL column supplied (Django has no SQL defaults).
\set ON_ERROR_STOP on
BEGIN;

INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
SELECT '!', false, 'bench.owner.' || u, 'Owner', 'Bench', 'owner' || u || '@bench.invalid', false, true,
       now() - interval '400 days'
FROM generate_series(1, greatest(10, :surveys / 100)) AS u;

WITH owners AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM auth_user WHERE username LIKE 'bench.owner.%'
), plan AS (
    SELECT g, g % 10 AS kind,
           CASE (g / 10) % 3 WHEN 0 THEN 30 WHEN 1 THEN 7 ELSE 1 END AS window_days
    FROM generate_series(1, :surveys) AS g
), shaped AS (
    SELECT p.g, p.kind, o.ids[1 + p.g % cardinality(o.ids)] AS owner_id,
           CASE p.kind
               WHEN 0 THEN now() + make_interval(days => p.window_days, hours => (p.g % 7) - 3)
               WHEN 1 THEN now() - make_interval(days => 1 + p.g % 60)
               WHEN 2 THEN now() - interval '80 days'
               WHEN 3 THEN now() + make_interval(days => 60 + p.g % 300)
               WHEN 4 THEN now() + make_interval(days => 60 + p.g % 300)
               WHEN 5 THEN now() + make_interval(days => 60 + p.g % 300)
           END AS deletion_date
    FROM plan p CROSS JOIN owners o
)
INSERT INTO surveys_survey (
    name, slug, description, created_at, owner_id, style, captcha_required, no_patient_data_ack, status,
    visibility, recovery_code_hint, retention_months, allow_any_authenticated, is_original, language,
    require_passphrase_for_patient_data, dsr_warning_message, has_pending_dsr, suspended_reason,
    closed_at, closed_by_id, deletion_date, deleted_at, hard_deletion_date,
    encrypted_kek_password, encrypted_kek_recovery, encrypted_kek_oidc, encrypted_kek_org)
SELECT 'Bench survey ' || s.g, 'bench-' || s.g, '', now() - interval '420 days', s.owner_id, '{}', false, false,
       CASE WHEN s.kind >= 6 THEN 'published' ELSE 'closed' END,
       'authenticated', '', 6, false, true, 'en', true, '', false, '',
       CASE WHEN s.kind <= 5 THEN s.deletion_date - interval '180 days' END,
       CASE WHEN s.kind <= 5 THEN s.owner_id END,
       s.deletion_date,
       CASE WHEN s.kind = 2 THEN now() - interval '40 days' END,
       CASE WHEN s.kind = 2 THEN now() - make_interval(days => 1 + s.g % 9) END,
       CASE WHEN s.kind = 2 THEN decode(repeat('ab', 48), 'hex') END,
       CASE WHEN s.kind = 2 THEN decode(repeat('cd', 48), 'hex') END,
       CASE WHEN s.kind = 2 THEN decode(repeat('ef', 48), 'hex') END,
       CASE WHEN s.kind = 2 THEN decode(repeat('01', 48), 'hex') END
FROM shaped s
ORDER BY s.g;

INSERT INTO surveys_surveyresponse (answers, submitted_at, survey_id, frozen_reason, is_frozen, freeze_source)
SELECT '{"q1": "yes", "q2": 4, "q3": "Some free text answer of moderate length"}', now() - interval '100 days',
       s.id, '', false, ''
FROM surveys_survey s CROSS JOIN generate_series(1, 20)
WHERE s.slug LIKE 'bench-%' AND s.deleted_at IS NOT NULL;

COMMIT;
VACUUM ANALYZE;
