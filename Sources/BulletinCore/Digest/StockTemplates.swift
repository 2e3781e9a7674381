/// The templates built into the binary, and the names every template set has.
public enum StockTemplates {
    /// The HTML part.
    public static let html = "digest.html"
    /// The text part.
    public static let text = "digest.txt"
    /// The subject line.
    public static let subject = "subject.txt"
    /// One article in the HTML part.
    public static let articleHTML = "partials/article.html"
    /// One article in the text part.
    public static let articleText = "partials/article.txt"

    /// Every template name, as a path without `.mustache` relative to the templates folder.
    public static let names = [html, text, subject, articleHTML, articleText]

    /// The stock source of each template, by name.
    public static var sources: [String: String] {
        [
            html: String(decoding: PackageResources.digest_html_mustache, as: UTF8.self),
            text: String(decoding: PackageResources.digest_txt_mustache, as: UTF8.self),
            subject: String(decoding: PackageResources.subject_txt_mustache, as: UTF8.self),
            articleHTML: String(decoding: PackageResources.article_html_mustache, as: UTF8.self),
            articleText: String(decoding: PackageResources.article_txt_mustache, as: UTF8.self),
        ]
    }

    /// Templates/README.md: every variable, documented.
    public static var readme: String { String(decoding: PackageResources.README_md, as: UTF8.self) }

    /// The file name of a template in a folder: `partials/article.html.mustache`.
    public static func fileName(_ name: String) -> String { name + ".mustache" }
}
