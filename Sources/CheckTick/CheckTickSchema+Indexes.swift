extension CheckTickSchema {
    /// The indexes of the real schema that matter for lookups and foreign keys (no `varchar_pattern_ops` copies).
    static let indexesDDL = """
        CREATE UNIQUE INDEX IF NOT EXISTS one_progress_per_session_per_survey ON public.surveys_surveyprogress (survey_id, session_key) WHERE (session_key IS NOT NULL);

        CREATE UNIQUE INDEX IF NOT EXISTS one_progress_per_user_per_survey ON public.surveys_surveyprogress (survey_id, user_id) WHERE (user_id IS NOT NULL);

        CREATE INDEX IF NOT EXISTS surveys_aud_action_69938d_idx ON public.surveys_auditlog (action, created_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_aud_actor_i_744444_idx ON public.surveys_auditlog (actor_id, created_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_aud_created_ec8379_idx ON public.surveys_auditlog (created_at);

        CREATE INDEX IF NOT EXISTS surveys_aud_ip_addr_f66c01_idx ON public.surveys_auditlog (ip_address, created_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_aud_scope_623a8c_idx ON public.surveys_auditlog (scope, organization_id, survey_id);

        CREATE INDEX IF NOT EXISTS surveys_aud_severit_960e86_idx ON public.surveys_auditlog (severity, created_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_auditlog_actor_id_25fe5afd ON public.surveys_auditlog (actor_id);

        CREATE INDEX IF NOT EXISTS surveys_auditlog_organization_id_4603dba3 ON public.surveys_auditlog (organization_id);

        CREATE INDEX IF NOT EXISTS surveys_auditlog_survey_id_2329db11 ON public.surveys_auditlog (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_auditlog_target_user_id_05d2b1d7 ON public.surveys_auditlog (target_user_id);

        CREATE INDEX IF NOT EXISTS surveys_col_survey__2f9a47_idx ON public.surveys_collectiondefinition (survey_id, parent_id);

        CREATE INDEX IF NOT EXISTS surveys_collectiondefinition_key_7da9e533 ON public.surveys_collectiondefinition (key);

        CREATE INDEX IF NOT EXISTS surveys_collectiondefinition_parent_id_f3c82f46 ON public.surveys_collectiondefinition (parent_id);

        CREATE INDEX IF NOT EXISTS surveys_collectiondefinition_survey_id_00067aa1 ON public.surveys_collectiondefinition (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_collectionitem_child_collection_id_da879c80 ON public.surveys_collectionitem (child_collection_id);

        CREATE INDEX IF NOT EXISTS surveys_collectionitem_collection_id_cc3741ae ON public.surveys_collectionitem (collection_id);

        CREATE INDEX IF NOT EXISTS surveys_collectionitem_group_id_e5978030 ON public.surveys_collectionitem (group_id);

        CREATE INDEX IF NOT EXISTS surveys_dat_categor_fc826a_idx ON public.surveys_dataset (category, is_active);

        CREATE INDEX IF NOT EXISTS surveys_dat_control_f0cb22_idx ON public.surveys_datasubjectrequest (controller_deadline);

        CREATE INDEX IF NOT EXISTS surveys_dat_downloa_ec0479_idx ON public.surveys_dataexport (download_token);

        CREATE INDEX IF NOT EXISTS surveys_dat_is_cust_bd5fcb_idx ON public.surveys_dataset (is_custom);

        CREATE INDEX IF NOT EXISTS surveys_dat_is_glob_f1ca4e_idx ON public.surveys_dataset (is_global, is_active);

        CREATE INDEX IF NOT EXISTS surveys_dat_last_sy_ad36f2_idx ON public.surveys_dataset (last_synced_at);

        CREATE INDEX IF NOT EXISTS surveys_dat_organiz_1928c1_idx ON public.surveys_dataset (organization_id, is_active);

        CREATE INDEX IF NOT EXISTS surveys_dat_publish_962f28_idx ON public.surveys_dataset (published_at);

        CREATE INDEX IF NOT EXISTS surveys_dat_receipt_cfe081_idx ON public.surveys_datasubjectrequest (receipt_token);

        CREATE INDEX IF NOT EXISTS surveys_dat_status_8b4dd8_idx ON public.surveys_datasubjectrequest (status);

        CREATE INDEX IF NOT EXISTS surveys_dat_survey__98c37d_idx ON public.surveys_dataretentionextension (survey_id, requested_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_dat_survey__bcbbc9_idx ON public.surveys_dataexport (survey_id, created_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_datacustodian_granted_by_id_4ddfca52 ON public.surveys_datacustodian (granted_by_id);

        CREATE INDEX IF NOT EXISTS surveys_datacustodian_revoked_by_id_beae7866 ON public.surveys_datacustodian (revoked_by_id);

        CREATE INDEX IF NOT EXISTS surveys_datacustodian_survey_id_93ad4762 ON public.surveys_datacustodian (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_datacustodian_user_id_b2102c06 ON public.surveys_datacustodian (user_id);

        CREATE INDEX IF NOT EXISTS surveys_dataexport_created_by_id_9daa0bf0 ON public.surveys_dataexport (created_by_id);

        CREATE INDEX IF NOT EXISTS surveys_dataexport_survey_id_fe0f9a47 ON public.surveys_dataexport (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_dataretentionextension_approved_by_id_0c945845 ON public.surveys_dataretentionextension (approved_by_id);

        CREATE INDEX IF NOT EXISTS surveys_dataretentionextension_requested_by_id_7b8161d0 ON public.surveys_dataretentionextension (requested_by_id);

        CREATE INDEX IF NOT EXISTS surveys_dataretentionextension_survey_id_b2c74fbc ON public.surveys_dataretentionextension (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_dataset_category_a2168f38 ON public.surveys_dataset (category);

        CREATE INDEX IF NOT EXISTS surveys_dataset_created_by_id_84c55a5f ON public.surveys_dataset (created_by_id);

        CREATE INDEX IF NOT EXISTS surveys_dataset_is_active_de182476 ON public.surveys_dataset (is_active);

        CREATE INDEX IF NOT EXISTS surveys_dataset_is_custom_f878480b ON public.surveys_dataset (is_custom);

        CREATE INDEX IF NOT EXISTS surveys_dataset_is_global_1fde752e ON public.surveys_dataset (is_global);

        CREATE INDEX IF NOT EXISTS surveys_dataset_organization_id_692c78d1 ON public.surveys_dataset (organization_id);

        CREATE INDEX IF NOT EXISTS surveys_dataset_parent_id_6283799f ON public.surveys_dataset (parent_id);

        CREATE INDEX IF NOT EXISTS surveys_datasubjectrequest_created_by_id_3df19637 ON public.surveys_datasubjectrequest (created_by_id);

        CREATE INDEX IF NOT EXISTS surveys_datasubjectrequest_resolved_by_id_5d79348f ON public.surveys_datasubjectrequest (resolved_by_id);

        CREATE INDEX IF NOT EXISTS surveys_datasubjectrequest_response_id_74e6036c ON public.surveys_datasubjectrequest (response_id);

        CREATE INDEX IF NOT EXISTS surveys_datasubjectrequest_survey_id_35a77c2e ON public.surveys_datasubjectrequest (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_ide_auto_de_d90b61_idx ON public.surveys_identityverification (auto_delete_at);

        CREATE INDEX IF NOT EXISTS surveys_ide_recover_d08f66_idx ON public.surveys_identityverification (recovery_request_id, verification_type);

        CREATE INDEX IF NOT EXISTS surveys_ide_status_a36b59_idx ON public.surveys_identityverification (status);

        CREATE INDEX IF NOT EXISTS surveys_identityverification_recovery_request_id_cc0d4b90 ON public.surveys_identityverification (recovery_request_id);

        CREATE INDEX IF NOT EXISTS surveys_identityverification_verified_by_id_fe53dd20 ON public.surveys_identityverification (verified_by_id);

        CREATE INDEX IF NOT EXISTS surveys_legalhold_placed_by_id_1295a8b2 ON public.surveys_legalhold (placed_by_id);

        CREATE INDEX IF NOT EXISTS surveys_legalhold_removed_by_id_54fb0daa ON public.surveys_legalhold (removed_by_id);

        CREATE INDEX IF NOT EXISTS surveys_llm_is_acti_9bdec5_idx ON public.surveys_llmconversationsession (is_active, updated_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_llm_survey__bc9cca_idx ON public.surveys_llmconversationsession (survey_id, user_id, updated_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_llmconversationsession_survey_id_d5746e8a ON public.surveys_llmconversationsession (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_llmconversationsession_user_id_19aa193d ON public.surveys_llmconversationsession (user_id);

        CREATE INDEX IF NOT EXISTS surveys_organization_created_by_id_69c759f1 ON public.surveys_organization (created_by_id);

        CREATE INDEX IF NOT EXISTS surveys_organization_owner_id_54ed61a7 ON public.surveys_organization (owner_id);

        CREATE INDEX IF NOT EXISTS surveys_pla_activat_680984_idx ON public.surveys_platformkeyversion (activated_at);

        CREATE INDEX IF NOT EXISTS surveys_pla_retired_c987ca_idx ON public.surveys_platformkeyversion (retired_at);

        CREATE INDEX IF NOT EXISTS surveys_pub_created_effb35_idx ON public.surveys_publishedquestiongroup (created_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_pub_import__3c2f6e_idx ON public.surveys_publishedquestiongroup (import_count DESC);

        CREATE INDEX IF NOT EXISTS surveys_pub_organiz_e4ba1b_idx ON public.surveys_publishedquestiongroup (organization_id, status);

        CREATE INDEX IF NOT EXISTS surveys_pub_publica_7967bb_idx ON public.surveys_publishedquestiongroup (publication_level, status);

        CREATE INDEX IF NOT EXISTS surveys_publishedquestiongroup_organization_id_27d70a1b ON public.surveys_publishedquestiongroup (organization_id);

        CREATE INDEX IF NOT EXISTS surveys_publishedquestiongroup_publisher_id_c3995641 ON public.surveys_publishedquestiongroup (publisher_id);

        CREATE INDEX IF NOT EXISTS surveys_publishedquestiongroup_source_group_id_bad59cb8 ON public.surveys_publishedquestiongroup (source_group_id);

        CREATE INDEX IF NOT EXISTS surveys_questiongroup_imported_from_id_adb438f7 ON public.surveys_questiongroup (imported_from_id);

        CREATE INDEX IF NOT EXISTS surveys_questiongroup_owner_id_2dde5e1a ON public.surveys_questiongroup (owner_id);

        CREATE INDEX IF NOT EXISTS surveys_questionimage_question_id_76c32a37 ON public.surveys_questionimage (question_id);

        CREATE INDEX IF NOT EXISTS surveys_rec_actor_i_1c8331_idx ON public.surveys_recoveryauditentry (actor_id);

        CREATE INDEX IF NOT EXISTS surveys_rec_event_t_0abdb4_idx ON public.surveys_recoveryauditentry (event_type, "timestamp" DESC);

        CREATE INDEX IF NOT EXISTS surveys_rec_forward_82302e_idx ON public.surveys_recoveryauditentry (forwarded_to_siem);

        CREATE INDEX IF NOT EXISTS surveys_rec_recover_cdbde1_idx ON public.surveys_recoveryauditentry (recovery_request_id, "timestamp" DESC);

        CREATE INDEX IF NOT EXISTS surveys_rec_request_beec85_idx ON public.surveys_recoveryrequest (request_code);

        CREATE INDEX IF NOT EXISTS surveys_rec_severit_d4aa70_idx ON public.surveys_recoveryauditentry (severity, "timestamp" DESC);

        CREATE INDEX IF NOT EXISTS surveys_rec_status_1f3e95_idx ON public.surveys_recoveryrequest (status, submitted_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_rec_survey__7ce26f_idx ON public.surveys_recoveryrequest (survey_id, submitted_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_rec_time_de_5d07f5_idx ON public.surveys_recoveryrequest (time_delay_until);

        CREATE INDEX IF NOT EXISTS surveys_rec_user_id_5e60a5_idx ON public.surveys_recoveryrequest (user_id, submitted_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_recoveryauditentry_event_type_f10f4c8b ON public.surveys_recoveryauditentry (event_type);

        CREATE INDEX IF NOT EXISTS surveys_recoveryauditentry_recovery_request_id_9c9701d2 ON public.surveys_recoveryauditentry (recovery_request_id);

        CREATE INDEX IF NOT EXISTS surveys_recoveryauditentry_timestamp_7f00e9a3 ON public.surveys_recoveryauditentry ("timestamp");

        CREATE INDEX IF NOT EXISTS surveys_recoveryrequest_cancelled_by_id_36d08642 ON public.surveys_recoveryrequest (cancelled_by_id);

        CREATE INDEX IF NOT EXISTS surveys_recoveryrequest_executed_by_id_d8867b5b ON public.surveys_recoveryrequest (executed_by_id);

        CREATE INDEX IF NOT EXISTS surveys_recoveryrequest_primary_approver_id_1701fdac ON public.surveys_recoveryrequest (primary_approver_id);

        CREATE INDEX IF NOT EXISTS surveys_recoveryrequest_rejected_by_id_249c8211 ON public.surveys_recoveryrequest (rejected_by_id);

        CREATE INDEX IF NOT EXISTS surveys_recoveryrequest_secondary_approver_id_a319ecad ON public.surveys_recoveryrequest (secondary_approver_id);

        CREATE INDEX IF NOT EXISTS surveys_recoveryrequest_survey_id_4c5c0e4d ON public.surveys_recoveryrequest (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_recoveryrequest_user_id_12bbea06 ON public.surveys_recoveryrequest (user_id);

        CREATE INDEX IF NOT EXISTS surveys_responsefreezelog_data_subject_request_id_5c071b07 ON public.surveys_responsefreezelog (data_subject_request_id);

        CREATE INDEX IF NOT EXISTS surveys_responsefreezelog_performed_by_id_a1e243f8 ON public.surveys_responsefreezelog (performed_by_id);

        CREATE INDEX IF NOT EXISTS surveys_responsefreezelog_response_id_90e91be1 ON public.surveys_responsefreezelog (response_id);

        CREATE INDEX IF NOT EXISTS surveys_sur_expires_3fb7e0_idx ON public.surveys_surveyprogress (expires_at);

        CREATE INDEX IF NOT EXISTS surveys_sur_is_froz_e3f1f0_idx ON public.surveys_surveyresponse (is_frozen);

        CREATE INDEX IF NOT EXISTS surveys_sur_receipt_a5cf9b_idx ON public.surveys_surveyresponse (receipt_token);

        CREATE INDEX IF NOT EXISTS surveys_sur_survey__1d5d6c_idx ON public.surveys_surveyaccesstoken (survey_id, expires_at);

        CREATE INDEX IF NOT EXISTS surveys_sur_survey__6c8445_idx ON public.surveys_surveyprogress (survey_id, session_key);

        CREATE INDEX IF NOT EXISTS surveys_sur_survey__e688aa_idx ON public.surveys_surveyprogress (survey_id, user_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_closed_by_id_aa38cb52 ON public.surveys_survey (closed_by_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_organization_id_35b4cbab ON public.surveys_survey (organization_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_owner_id_44e8c771 ON public.surveys_survey (owner_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_question_groups_questiongroup_id_2ccd9351 ON public.surveys_survey_question_groups (questiongroup_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_question_groups_survey_id_4f86d803 ON public.surveys_survey_question_groups (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_suspended_by_id_156102bc ON public.surveys_survey (suspended_by_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_team_id_5adfe1b3 ON public.surveys_survey (team_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_transferred_from_id_574232d4 ON public.surveys_survey (transferred_from_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_translated_from_id_03ac8a51 ON public.surveys_survey (translated_from_id);

        CREATE INDEX IF NOT EXISTS surveys_survey_translation_group_e767007f ON public.surveys_survey (translation_group);

        CREATE INDEX IF NOT EXISTS surveys_surveyaccesstoken_created_by_id_02d46337 ON public.surveys_surveyaccesstoken (created_by_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyaccesstoken_survey_id_def802bc ON public.surveys_surveyaccesstoken (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyaccesstoken_used_by_id_68d26feb ON public.surveys_surveyaccesstoken (used_by_id);

        CREATE INDEX IF NOT EXISTS surveys_surveymembership_survey_id_a50a8ba8 ON public.surveys_surveymembership (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_surveymembership_user_id_0084e817 ON public.surveys_surveymembership (user_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyprogress_access_token_id_8dbe0436 ON public.surveys_surveyprogress (access_token_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyprogress_session_key_ac6bd394 ON public.surveys_surveyprogress (session_key);

        CREATE INDEX IF NOT EXISTS surveys_surveyprogress_survey_id_d80036b1 ON public.surveys_surveyprogress (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyprogress_user_id_1d73cd45 ON public.surveys_surveyprogress (user_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyquestion_dataset_id_c8e35d42 ON public.surveys_surveyquestion (dataset_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyquestion_group_id_985ad6fe ON public.surveys_surveyquestion (group_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyquestion_survey_id_ca0121e7 ON public.surveys_surveyquestion (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyquestioncondition_question_id_4eba7299 ON public.surveys_surveyquestioncondition (question_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyquestioncondition_target_question_id_617a207c ON public.surveys_surveyquestioncondition (target_question_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyresponse_frozen_by_id_eafb888d ON public.surveys_surveyresponse (frozen_by_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyresponse_receipt_token_70aabefe ON public.surveys_surveyresponse (receipt_token);

        CREATE INDEX IF NOT EXISTS surveys_surveyresponse_submitted_by_id_d2c70b45 ON public.surveys_surveyresponse (submitted_by_id);

        CREATE INDEX IF NOT EXISTS surveys_surveyresponse_survey_id_4ad3a956 ON public.surveys_surveyresponse (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_team_organization_id_638b2fa2 ON public.surveys_team (organization_id);

        CREATE INDEX IF NOT EXISTS surveys_team_owner_id_ef79564a ON public.surveys_team (owner_id);

        CREATE INDEX IF NOT EXISTS surveys_use_platfor_48a3b7_idx ON public.surveys_usersurveykekescrow (platform_key_version_id, escrowed_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_use_survey__eea429_idx ON public.surveys_usersurveykekescrow (survey_id, escrowed_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_use_user_id_5c3a46_idx ON public.surveys_usersurveykekescrow (user_id, escrowed_at DESC);

        CREATE INDEX IF NOT EXISTS surveys_use_vault_p_247cc9_idx ON public.surveys_usersurveykekescrow (vault_path);

        CREATE INDEX IF NOT EXISTS surveys_usersurveykekescrow_last_recovered_by_id_ae305db4 ON public.surveys_usersurveykekescrow (last_recovered_by_id);

        CREATE INDEX IF NOT EXISTS surveys_usersurveykekescrow_platform_key_version_id_1f76ef44 ON public.surveys_usersurveykekescrow (platform_key_version_id);

        CREATE INDEX IF NOT EXISTS surveys_usersurveykekescrow_survey_id_ab24a63f ON public.surveys_usersurveykekescrow (survey_id);

        CREATE INDEX IF NOT EXISTS surveys_usersurveykekescrow_user_id_b5f9ae77 ON public.surveys_usersurveykekescrow (user_id);

        CREATE UNIQUE INDEX IF NOT EXISTS uq_active_custodian_per_user_survey ON public.surveys_datacustodian (user_id, survey_id) WHERE (revoked_at IS NULL);
        """
}
