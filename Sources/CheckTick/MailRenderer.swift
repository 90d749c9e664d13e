import Ink
import Mustache

/// Renders a Markdown mail template (Mustache syntax) into a plain-text part and a branded HTML part.
struct MailRenderer: Sendable {
    /// `BRAND_TITLE`.
    let brandTitle: String
    /// `SITE_URL` (no trailing slash).
    let siteURL: String
    /// Each template parsed twice: for the text part (no escaping) and for the HTML part (values escaped).
    private let parsed: [String: (text: MustacheTemplate, markdown: MustacheTemplate)]

    /// Parses `templates` once; a template that does not parse throws.
    init(brandTitle: String, siteURL: String, templates: [MailTemplate] = MailTemplate.all) throws(CommandError) {
        self.brandTitle = brandTitle
        self.siteURL = siteURL
        var parsed: [String: (text: MustacheTemplate, markdown: MustacheTemplate)] = [:]
        for template in templates {
            do {
                parsed[template.name] = (
                    try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + template.markdown),
                    try MustacheTemplate(string: template.markdown)
                )
            } catch {
                throw CommandError("e-mail template \(template.name) is invalid", detail: "\(error)")
            }
        }
        self.parsed = parsed
    }

    /// The two bodies of one message.
    struct Rendered: Sendable, Equatable {
        /// text/plain: the Markdown with values filled in verbatim.
        let text: String
        /// text/html: the Markdown (values HTML-escaped) converted by Ink and wrapped in the brand layout.
        let html: String
    }

    /// Renders `template` with `values` (plus `brand_title` and `site_url`).
    func render(_ template: MailTemplate, values: [String: String]) throws(CommandError) -> Rendered {
        var context = values
        context["brand_title"] = brandTitle
        context["site_url"] = siteURL
        guard let pair = parsed[template.name] else {
            throw CommandError("e-mail template \(template.name) is not loaded")
        }
        let text = pair.text.render(context)
        let markdown = pair.markdown.render(context)
        let body = MarkdownParser().html(from: markdown)
        return Rendered(text: text, html: layout(body: body, title: Self.escapeHTML(template.name)))
    }

    /// The branded HTML page around a rendered body.
    private func layout(body: String, title: String) -> String {
        let brand = Self.escapeHTML(brandTitle)
        let site = Self.escapeHTML(siteURL)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(brand)</title>
            </head>
            <body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2933;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
            <tr><td align="center">
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
            <tr><td style="padding:20px 32px;border-bottom:1px solid #e4e7eb;font-size:20px;font-weight:bold;">
            <a href="\(site)" style="color:#1f2933;text-decoration:none;">\(brand)</a>
            </td></tr>
            <tr><td style="padding:24px 32px;font-size:15px;line-height:1.6;">
            \(body)
            </td></tr>
            <tr><td style="padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;color:#7b8794;">
            \(brand) · <a href="\(site)" style="color:#7b8794;">\(site)</a>
            </td></tr>
            </table>
            </td></tr>
            </table>
            </body>
            </html>
            """
    }

    /// Escapes text for HTML element content and attribute values.
    static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
