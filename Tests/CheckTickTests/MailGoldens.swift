/// What the renderer produced before the templates were converted to HTML once (captured from that code
/// with the inputs in `MailRendererTests`); the current renderer must give the same bytes.
enum MailGoldens {
    /// The 7-day warning, text part.
    static let warningText = #"""
        # Important: Survey Data Deletion Warning

        Hello o'brien.smith,

        Your survey **"Patient "feedback" survey & follow-up <2025>"** will be automatically deleted in 7 days.

        ## Details

        - **Survey:** Patient "feedback" survey & follow-up <2025>
        - **Scheduled deletion:** March 08, 2026 at 02:00 AM (UTC)
        - **Days remaining:** 7
        - **Retention period:** 6 months

        ## Why is this happening?

        The survey was closed on September 09, 2025 and has reached the end of its 6-month data retention period. Under our data governance policy, survey data is not kept longer than needed.

        ## What you can do

        1. **Export your data** before the deletion date from the [survey dashboard](https://checktick.example.org/surveys/patient-feedback-2025/dashboard/).
        2. **Extend the retention period** from the [survey dashboard](https://checktick.example.org/surveys/patient-feedback-2025/dashboard/), if you still need the data (up to 24 months in total).
        3. **Do nothing**, and the survey will be deleted as scheduled.

        ## What happens after deletion

        On the deletion date the survey is moved to a 30-day grace period, during which it can still be restored. After that the survey, its questions and all of its responses are permanently deleted and cannot be recovered.

        More about data retention: [data governance overview](https://checktick.example.org/docs/data-governance-overview/)

        *This is an automated notice from CheckTick & Co <NHS>.*

        The CheckTick & Co <NHS> Team
        """#

    /// The 7-day warning, HTML part.
    static let warningHTML = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>CheckTick &amp; Co &lt;NHS&gt;</title>
        </head>
        <body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2933;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
        <tr><td align="center">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
        <tr><td style="padding:20px 32px;border-bottom:1px solid #e4e7eb;font-size:20px;font-weight:bold;">
        <a href="https://checktick.example.org" style="color:#1f2933;text-decoration:none;">CheckTick &amp; Co &lt;NHS&gt;</a>
        </td></tr>
        <tr><td style="padding:24px 32px;font-size:15px;line-height:1.6;">
        <h1>Important: Survey Data Deletion Warning</h1><p>Hello o&#39;brien.smith,</p><p>Your survey <strong>"Patient &quot;feedback&quot; survey &amp; follow-up &lt;2025&gt;"</strong> will be automatically deleted in 7 days.</p><h2>Details</h2><ul><li><strong>Survey:</strong> Patient &quot;feedback&quot; survey &amp; follow-up &lt;2025&gt;</li><li><strong>Scheduled deletion:</strong> March 08, 2026 at 02:00 AM (UTC)</li><li><strong>Days remaining:</strong> 7</li><li><strong>Retention period:</strong> 6 months</li></ul><h2>Why is this happening?</h2><p>The survey was closed on September 09, 2025 and has reached the end of its 6-month data retention period. Under our data governance policy, survey data is not kept longer than needed.</p><h2>What you can do</h2><ol><li><strong>Export your data</strong> before the deletion date from the <a href="https://checktick.example.org/surveys/patient-feedback-2025/dashboard/">survey dashboard</a>.</li><li><strong>Extend the retention period</strong> from the <a href="https://checktick.example.org/surveys/patient-feedback-2025/dashboard/">survey dashboard</a>, if you still need the data (up to 24 months in total).</li><li><strong>Do nothing</strong>, and the survey will be deleted as scheduled.</li></ol><h2>What happens after deletion</h2><p>On the deletion date the survey is moved to a 30-day grace period, during which it can still be restored. After that the survey, its questions and all of its responses are permanently deleted and cannot be recovered.</p><p>More about data retention: <a href="https://checktick.example.org/docs/data-governance-overview/">data governance overview</a></p><p><em>This is an automated notice from CheckTick &amp; Co &lt;NHS&gt;.</em></p><p>The CheckTick &amp; Co &lt;NHS&gt; Team</p>
        </td></tr>
        <tr><td style="padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;color:#7b8794;">
        CheckTick &amp; Co &lt;NHS&gt; · <a href="https://checktick.example.org" style="color:#7b8794;">https://checktick.example.org</a>
        </td></tr>
        </table>
        </td></tr>
        </table>
        </body>
        </html>
        """#

    /// The recovery-ready notice, text part.
    static let recoveryText = #"""
        # Your Data Access is Ready

        Hello dr.jones,

        The waiting period for your key recovery request has completed. You can now complete the recovery and regain access to your survey data.

        - **Request ID:** ABC-123-XYZ
        - **Survey:** Clinic audit: Q1 (pilot) & more

        [Complete Recovery](https://checktick.example.org/recovery/complete/ABC-123-XYZ/)

        If the link does not work, copy this address into your browser: https://checktick.example.org/recovery/complete/ABC-123-XYZ/

        **Please note:** you will be asked to choose a new passphrase. Your old passphrase will no longer work once the recovery is complete.

        If you did not request this recovery, contact your administrator immediately.

        The CheckTick & Co <NHS> Team
        """#

    /// The recovery-ready notice, HTML part.
    static let recoveryHTML = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>CheckTick &amp; Co &lt;NHS&gt;</title>
        </head>
        <body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2933;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
        <tr><td align="center">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
        <tr><td style="padding:20px 32px;border-bottom:1px solid #e4e7eb;font-size:20px;font-weight:bold;">
        <a href="https://checktick.example.org" style="color:#1f2933;text-decoration:none;">CheckTick &amp; Co &lt;NHS&gt;</a>
        </td></tr>
        <tr><td style="padding:24px 32px;font-size:15px;line-height:1.6;">
        <h1>Your Data Access is Ready</h1><p>Hello dr.jones,</p><p>The waiting period for your key recovery request has completed. You can now complete the recovery and regain access to your survey data.</p><ul><li><strong>Request ID:</strong> ABC-123-XYZ</li><li><strong>Survey:</strong> Clinic audit: Q1 (pilot) &amp; more</li></ul><p><a href="https://checktick.example.org/recovery/complete/ABC-123-XYZ/">Complete Recovery</a></p><p>If the link does not work, copy this address into your browser: https://checktick.example.org/recovery/complete/ABC-123-XYZ/</p><p><strong>Please note:</strong> you will be asked to choose a new passphrase. Your old passphrase will no longer work once the recovery is complete.</p><p>If you did not request this recovery, contact your administrator immediately.</p><p>The CheckTick &amp; Co &lt;NHS&gt; Team</p>
        </td></tr>
        <tr><td style="padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;color:#7b8794;">
        CheckTick &amp; Co &lt;NHS&gt; · <a href="https://checktick.example.org" style="color:#7b8794;">https://checktick.example.org</a>
        </td></tr>
        </table>
        </td></tr>
        </table>
        </body>
        </html>
        """#

    /// The warning with Markdown in its values, text part.
    static let markdownValuesText = #"""
        # Important: Survey Data Deletion Warning

        Hello john_smith_jr,

        Your survey **"My *great*  survey [x](y) #1 \ `code` ~~old~~ !"** will be automatically deleted in 7 days.

        ## Details

        - **Survey:** My *great*  survey [x](y) #1 \ `code` ~~old~~ !
        - **Scheduled deletion:** March 08, 2026 at 02:00 AM (UTC)
        - **Days remaining:** 7
        - **Retention period:** 6 months

        ## Why is this happening?

        The survey was closed on September 09, 2025 and has reached the end of its 6-month data retention period. Under our data governance policy, survey data is not kept longer than needed.

        ## What you can do

        1. **Export your data** before the deletion date from the [survey dashboard](https://checktick.example.org/surveys/patient-feedback-2025/dashboard/).
        2. **Extend the retention period** from the [survey dashboard](https://checktick.example.org/surveys/patient-feedback-2025/dashboard/), if you still need the data (up to 24 months in total).
        3. **Do nothing**, and the survey will be deleted as scheduled.

        ## What happens after deletion

        On the deletion date the survey is moved to a 30-day grace period, during which it can still be restored. After that the survey, its questions and all of its responses are permanently deleted and cannot be recovered.

        More about data retention: [data governance overview](https://checktick.example.org/docs/data-governance-overview/)

        *This is an automated notice from CheckTick & Co <NHS>.*

        The CheckTick & Co <NHS> Team
        """#

    /// The warning with Markdown in its values, HTML part (Ink interprets them, as before).
    static let markdownValuesHTML = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>CheckTick &amp; Co &lt;NHS&gt;</title>
        </head>
        <body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2933;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
        <tr><td align="center">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
        <tr><td style="padding:20px 32px;border-bottom:1px solid #e4e7eb;font-size:20px;font-weight:bold;">
        <a href="https://checktick.example.org" style="color:#1f2933;text-decoration:none;">CheckTick &amp; Co &lt;NHS&gt;</a>
        </td></tr>
        <tr><td style="padding:24px 32px;font-size:15px;line-height:1.6;">
        <h1>Important: Survey Data Deletion Warning</h1><p>Hello john<em>smith</em>jr,</p><p>Your survey <strong>"My <em>great</em> survey <a href="y">x</a> #1  <code>code</code> <s>old</s> !"</strong> will be automatically deleted in 7 days.</p><h2>Details</h2><ul><li><strong>Survey:</strong> My <em>great</em> survey <a href="y">x</a> #1  <code>code</code> <s>old</s> !</li><li><strong>Scheduled deletion:</strong> March 08, 2026 at 02:00 AM (UTC)</li><li><strong>Days remaining:</strong> 7</li><li><strong>Retention period:</strong> 6 months</li></ul><h2>Why is this happening?</h2><p>The survey was closed on September 09, 2025 and has reached the end of its 6-month data retention period. Under our data governance policy, survey data is not kept longer than needed.</p><h2>What you can do</h2><ol><li><strong>Export your data</strong> before the deletion date from the <a href="https://checktick.example.org/surveys/patient-feedback-2025/dashboard/">survey dashboard</a>.</li><li><strong>Extend the retention period</strong> from the <a href="https://checktick.example.org/surveys/patient-feedback-2025/dashboard/">survey dashboard</a>, if you still need the data (up to 24 months in total).</li><li><strong>Do nothing</strong>, and the survey will be deleted as scheduled.</li></ol><h2>What happens after deletion</h2><p>On the deletion date the survey is moved to a 30-day grace period, during which it can still be restored. After that the survey, its questions and all of its responses are permanently deleted and cannot be recovered.</p><p>More about data retention: <a href="https://checktick.example.org/docs/data-governance-overview/">data governance overview</a></p><p><em>This is an automated notice from CheckTick &amp; Co &lt;NHS&gt;.</em></p><p>The CheckTick &amp; Co &lt;NHS&gt; Team</p>
        </td></tr>
        <tr><td style="padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;color:#7b8794;">
        CheckTick &amp; Co &lt;NHS&gt; · <a href="https://checktick.example.org" style="color:#7b8794;">https://checktick.example.org</a>
        </td></tr>
        </table>
        </td></tr>
        </table>
        </body>
        </html>
        """#
}
