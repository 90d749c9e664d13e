/// A Markdown e-mail template with Mustache placeholders (`{{name}}`).
struct MailTemplate: Sendable {
    /// Identifier, e.g. `data_governance/deletion_warning`.
    let name: String
    /// The Markdown source.
    let markdown: String

    /// Every template the jobs use.
    static let all: [MailTemplate] = [deletionWarning, recoveryReady]

    /// The retention deletion warning (CheckTick's `emails/data_governance/deletion_warning.md`).
    /// Values: urgency, timeframe, username, survey_name, deletion_date, days_remaining, retention_months,
    /// closure_date, dashboard_url.
    static let deletionWarning = MailTemplate(
        name: "data_governance/deletion_warning",
        markdown: """
            # {{urgency}}: Survey Data Deletion Warning

            Hello {{username}},

            Your survey **"{{survey_name}}"** will be automatically deleted {{timeframe}}.

            ## Details

            - **Survey:** {{survey_name}}
            - **Scheduled deletion:** {{deletion_date}} (UTC)
            - **Days remaining:** {{days_remaining}}
            - **Retention period:** {{retention_months}} months

            ## Why is this happening?

            The survey was closed on {{closure_date}} and has reached the end of its {{retention_months}}-month \
            data retention period. Under our data governance policy, survey data is not kept longer than needed.

            ## What you can do

            1. **Export your data** before the deletion date from the [survey dashboard]({{dashboard_url}}).
            2. **Extend the retention period** from the [survey dashboard]({{dashboard_url}}), if you still need \
            the data (up to 24 months in total).
            3. **Do nothing**, and the survey will be deleted as scheduled.

            ## What happens after deletion

            On the deletion date the survey is moved to a 30-day grace period, during which it can still be \
            restored. After that the survey, its questions and all of its responses are permanently deleted \
            and cannot be recovered.

            More about data retention: [data governance overview]({{site_url}}/docs/data-governance-overview/)

            *This is an automated notice from {{brand_title}}.*

            The {{brand_title}} Team
            """)

    /// The key-recovery "ready for execution" notice (CheckTick's `emails/recovery/ready.md`).
    /// Values: username, request_code, survey_name, recovery_url.
    static let recoveryReady = MailTemplate(
        name: "recovery/ready",
        markdown: """
            # Your Data Access is Ready

            Hello {{username}},

            The waiting period for your key recovery request has completed. You can now complete the recovery \
            and regain access to your survey data.

            - **Request ID:** {{request_code}}
            - **Survey:** {{survey_name}}

            [Complete Recovery]({{recovery_url}})

            If the link does not work, copy this address into your browser: {{recovery_url}}

            **Please note:** you will be asked to choose a new passphrase. Your old passphrase will no longer work \
            once the recovery is complete.

            If you did not request this recovery, contact your administrator immediately.

            The {{brand_title}} Team
            """)
}
