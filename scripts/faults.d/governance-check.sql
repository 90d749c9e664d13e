-- Consistency figures of a governance database after faults, one "name<TAB>value" line each.
-- half_deleted: surveys still present whose dependents or key bytes differ from the snapshot.
\set ON_ERROR_STOP 1
WITH now_c AS (SELECT * FROM faults_counts),
     gone AS (SELECT f.* FROM faults_snapshot f WHERE NOT EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = f.id)),
     audit AS (SELECT action, subject_id FROM checktick_jobs.audit_events WHERE subject_type = 'survey')
SELECT 'hard_total', count(*) FROM faults_snapshot WHERE cat = 'hard'
UNION ALL SELECT 'hard_gone', count(*) FROM gone WHERE cat = 'hard'
UNION ALL SELECT 'gone_not_hard', count(*) FROM gone WHERE cat <> 'hard'
UNION ALL SELECT 'half_deleted', count(*) FROM now_c c JOIN faults_snapshot f USING (id)
          WHERE (c.questions, c.responses, c.progress, c.auditlog, c.members, c.tokens, c.holds, c.keys_intact)
             IS DISTINCT FROM (f.questions, f.responses, f.progress, f.auditlog, f.members, f.tokens, f.holds, f.keys_intact)
UNION ALL SELECT 'orphans', (
          (SELECT count(*) FROM surveys_surveyquestion x WHERE NOT EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = x.survey_id))
        + (SELECT count(*) FROM surveys_surveyresponse x WHERE NOT EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = x.survey_id))
        + (SELECT count(*) FROM surveys_surveyprogress x WHERE NOT EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = x.survey_id))
        + (SELECT count(*) FROM surveys_auditlog x WHERE x.survey_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = x.survey_id))
        + (SELECT count(*) FROM surveys_surveymembership x WHERE NOT EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = x.survey_id))
        + (SELECT count(*) FROM surveys_surveyaccesstoken x WHERE NOT EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = x.survey_id))
        + (SELECT count(*) FROM surveys_legalhold x WHERE NOT EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = x.survey_id)))
UNION ALL SELECT 'hard_events', count(*) FROM audit WHERE action = 'hard_delete'
UNION ALL SELECT 'hard_events_distinct', count(DISTINCT subject_id) FROM audit WHERE action = 'hard_delete'
UNION ALL SELECT 'hard_events_unmatched', (
          (SELECT count(*) FROM gone g WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'hard_delete' AND a.subject_id = g.id::text))
        + (SELECT count(*) FROM audit a WHERE a.action = 'hard_delete' AND EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id::text = a.subject_id)))
UNION ALL SELECT 'soft_total', count(*) FROM faults_snapshot WHERE cat = 'soft'
UNION ALL SELECT 'soft_done', count(*) FROM now_c WHERE cat = 'soft' AND soft_deleted
UNION ALL SELECT 'soft_events', count(*) FROM audit WHERE action = 'soft_delete'
UNION ALL SELECT 'soft_events_distinct', count(DISTINCT subject_id) FROM audit WHERE action = 'soft_delete'
UNION ALL SELECT 'soft_events_unmatched', (
          (SELECT count(*) FROM now_c c WHERE c.cat = 'soft' AND c.soft_deleted AND NOT EXISTS
              (SELECT 1 FROM audit a WHERE a.action = 'soft_delete' AND a.subject_id = c.id::text))
        + (SELECT count(*) FROM audit a JOIN now_c c ON c.id::text = a.subject_id WHERE a.action = 'soft_delete' AND NOT c.soft_deleted))
UNION ALL SELECT 'wrongly_soft_deleted', count(*) FROM now_c c JOIN faults_snapshot f USING (id)
          WHERE c.soft_deleted AND NOT f.soft_deleted AND c.cat <> 'soft'
UNION ALL SELECT 'hold_left', count(*) FROM now_c WHERE cat = 'hold'
UNION ALL SELECT 'hold_total', count(*) FROM faults_snapshot WHERE cat = 'hold'
UNION ALL SELECT 'keep_left', count(*) FROM now_c WHERE cat = 'keep'
UNION ALL SELECT 'warn_total', count(*) FROM faults_snapshot WHERE cat LIKE 'warn%'
UNION ALL SELECT 'ledger', count(*) FROM checktick_jobs.deletion_warnings
UNION ALL SELECT 'ledger_distinct', count(DISTINCT (survey_id, window_days)) FROM checktick_jobs.deletion_warnings
UNION ALL SELECT 'warn_events', count(*) FROM audit WHERE action = 'warning_sent'
UNION ALL SELECT 'warn_events_distinct', count(DISTINCT subject_id) FROM audit WHERE action = 'warning_sent';
