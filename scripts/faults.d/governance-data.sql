-- Governance fault data: surveys due for hard delete, soft delete, in each warning window, under an
-- active legal hold, and untouched controls; every NOT NULL column supplied (Django has no SQL defaults).
-- psql variables: n_hard n_soft n_hold n_warn (per window) n_keep.
-- Each survey's name starts with its category: hard- soft- hold- warn30- warn7- warn1- keep-.
\set ON_ERROR_STOP 1
BEGIN;
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
VALUES ('!', false, 'faults.owner', 'Fay', '', 'owner@faults.invalid', false, true, now() - interval '400 days'),
       ('!', false, 'faults.member', 'Max', '', 'member@faults.invalid', false, true, now() - interval '400 days');

CREATE TEMP TABLE plan (category text, n int, deletion_date timestamptz, deleted_at timestamptz,
                        hard_deletion_date timestamptz, closed_at timestamptz, status text) ON COMMIT DROP;
INSERT INTO plan VALUES
  ('hard',   :n_hard, now() - interval '60 days', now() - interval '35 days', now() - interval '5 days',
             now() - interval '240 days', 'closed'),
  ('soft',   :n_soft, now() - interval '2 days', NULL, NULL, now() - interval '182 days', 'closed'),
  ('hold',   :n_hold, now() - interval '60 days', now() - interval '35 days', now() - interval '5 days',
             now() - interval '240 days', 'closed'),
  ('warn30', :n_warn, now() + interval '30 days', NULL, NULL, now() - interval '150 days', 'closed'),
  ('warn7',  :n_warn, now() + interval '7 days', NULL, NULL, now() - interval '173 days', 'closed'),
  ('warn1',  :n_warn, now() + interval '1 day', NULL, NULL, now() - interval '179 days', 'closed'),
  ('keep',   :n_keep, now() + interval '100 days', NULL, NULL, now() - interval '80 days', 'closed');

-- warning surveys get an owner each, so every message has its own recipient
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
SELECT '!', false, 'faults.' || p.category || '.' || i, 'Owner', '', p.category || '.' || i || '@faults.invalid',
       false, true, now() - interval '300 days'
FROM plan p, generate_series(1, p.n) i WHERE p.category LIKE 'warn%';

INSERT INTO surveys_survey (name, slug, description, created_at, owner_id, organization_id, style,
    captcha_required, no_patient_data_ack, status, visibility, recovery_code_hint, retention_months,
    allow_any_authenticated, is_original, language, require_passphrase_for_patient_data,
    dsr_warning_message, has_pending_dsr, suspended_reason, closed_at, closed_by_id, deletion_date,
    deleted_at, hard_deletion_date, encrypted_kek_password, encrypted_kek_recovery, encrypted_kek_oidc,
    encrypted_kek_org)
SELECT p.category || '-' || i, 'faults-' || p.category || '-' || i, '', now() - interval '365 days',
       coalesce((SELECT id FROM auth_user WHERE username = 'faults.' || p.category || '.' || i),
                (SELECT id FROM auth_user WHERE username = 'faults.owner')),
       NULL, '{}', false, false, p.status, 'authenticated', '', 6, false, true, 'en', true, '', false, '',
       p.closed_at, (SELECT id FROM auth_user WHERE username = 'faults.owner'), p.deletion_date, p.deleted_at,
       p.hard_deletion_date, '\xabababab'::bytea, '\xabababab'::bytea, '\xabababab'::bytea, '\xabababab'::bytea
FROM plan p, generate_series(1, p.n) i;

CREATE TEMP TABLE deps ON COMMIT DROP AS
SELECT id FROM surveys_survey WHERE slug ~ '^faults-(hard|hold|keep)-';

-- dependents: questions, an access token, responses (one through the token), progress, audit log,
-- membership, and a lifted legal hold on the hard-delete ones (the cascade must remove it too)
INSERT INTO surveys_surveyquestion (text, type, options, required, "order", survey_id)
SELECT 'Question ' || q, 'text', '[]', false, q, d.id FROM deps d, generate_series(0, 1) q;
INSERT INTO surveys_surveyaccesstoken (token, created_at, note, created_by_id, survey_id, for_authenticated)
SELECT 'faults-tok-' || d.id, now(), '', (SELECT id FROM auth_user WHERE username = 'faults.owner'), d.id, false
FROM deps d;
INSERT INTO surveys_surveyresponse (answers, submitted_at, submitted_by_id, survey_id, frozen_reason, is_frozen,
                                    freeze_source, access_token_id)
SELECT '{"q1": "yes"}', now() - interval '100 days', NULL, d.id, '', false, '',
       CASE WHEN r = 0 THEN (SELECT t.id FROM surveys_surveyaccesstoken t WHERE t.survey_id = d.id) END
FROM deps d, generate_series(0, 2) r;
INSERT INTO surveys_surveyprogress (session_key, partial_answers, total_questions, answered_count, created_at,
                                    updated_at, expires_at, survey_id, user_id)
SELECT 'faults-sess-' || d.id, '{"q1": "yes"}', 5, 1, now(), now(), now() + interval '20 days', d.id, NULL FROM deps d;
INSERT INTO surveys_auditlog (scope, action, metadata, created_at, message, severity, user_agent,
                              username_attempted, survey_id, actor_id)
SELECT 'survey', 'update', '{}', now(), 'Survey updated', 'info', '', '', d.id,
       (SELECT id FROM auth_user WHERE username = 'faults.owner') FROM deps d;
INSERT INTO surveys_surveymembership (role, created_at, survey_id, user_id)
SELECT 'editor', now(), d.id, (SELECT id FROM auth_user WHERE username = 'faults.member') FROM deps d;
INSERT INTO surveys_legalhold (placed_at, reason, authority, removal_reason, survey_id, placed_by_id, removed_at,
                               removed_by_id)
SELECT now() - interval '90 days', 'Litigation hold', 'Court order', CASE WHEN s.slug LIKE 'faults-hold-%' THEN '' ELSE 'Case closed' END,
       s.id, NULL, CASE WHEN s.slug LIKE 'faults-hold-%' THEN NULL ELSE now() - interval '10 days' END, NULL
FROM surveys_survey s WHERE s.slug ~ '^faults-(hard|hold)-';
COMMIT;
