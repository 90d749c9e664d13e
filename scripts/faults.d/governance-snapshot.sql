-- Per-survey dependent-row counts and key bytes, taken before the faults (faults_counts is live,
-- faults_snapshot is frozen). Lives in the scenario's own database, outside Django's tables.
\set ON_ERROR_STOP 1
CREATE VIEW faults_counts AS
SELECT s.id, split_part(s.name, '-', 1) AS cat,
       (SELECT count(*) FROM surveys_surveyquestion x WHERE x.survey_id = s.id) AS questions,
       (SELECT count(*) FROM surveys_surveyresponse x WHERE x.survey_id = s.id) AS responses,
       (SELECT count(*) FROM surveys_surveyprogress x WHERE x.survey_id = s.id) AS progress,
       (SELECT count(*) FROM surveys_auditlog x WHERE x.survey_id = s.id) AS auditlog,
       (SELECT count(*) FROM surveys_surveymembership x WHERE x.survey_id = s.id) AS members,
       (SELECT count(*) FROM surveys_surveyaccesstoken x WHERE x.survey_id = s.id) AS tokens,
       (SELECT count(*) FROM surveys_legalhold x WHERE x.survey_id = s.id) AS holds,
       (s.encrypted_kek_password = '\xabababab' AND s.encrypted_kek_recovery = '\xabababab'
        AND s.encrypted_kek_oidc = '\xabababab' AND s.encrypted_kek_org = '\xabababab') AS keys_intact,
       s.deleted_at IS NOT NULL AS soft_deleted
FROM surveys_survey s;
CREATE TABLE faults_snapshot AS SELECT * FROM faults_counts;
ALTER TABLE faults_snapshot ADD PRIMARY KEY (id);
