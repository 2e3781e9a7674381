import Foundation
import Mustache

/// The Mustache templates of the web pages and of the confirmation message: the stock ones built into the
/// binary, each replaced by a file of the same name in `[web] templates` when there is one.
///
/// Loaded once when the server starts and rendered for each request.
public struct WebTemplates: Sendable {
    /// Every template name: its path under `Templates/web/` without `.mustache`.
    public static let names = [
        "partials/head.html", "partials/foot.html", "subscribe.html", "subscribed.html", "confirm.html",
        "confirmed.html", "unsubscribe.html", "unsubscribed.html", "stop-topic.html", "topic-stopped.html",
        "preferences.html", "archive.html", "message.html", "confirm-mail.txt", "confirm-mail.html",
    ]

    /// The stock source of each template, by name.
    public static var stockSources: [String: String] {
        let bytes: [String: [UInt8]] = [
            "partials/head.html": PackageResources.head_html_mustache,
            "partials/foot.html": PackageResources.foot_html_mustache,
            "subscribe.html": PackageResources.subscribe_html_mustache,
            "subscribed.html": PackageResources.subscribed_html_mustache,
            "confirm.html": PackageResources.confirm_html_mustache,
            "confirmed.html": PackageResources.confirmed_html_mustache,
            "unsubscribe.html": PackageResources.unsubscribe_html_mustache,
            "unsubscribed.html": PackageResources.unsubscribed_html_mustache,
            "stop-topic.html": PackageResources.stop_topic_html_mustache,
            "topic-stopped.html": PackageResources.topic_stopped_html_mustache,
            "preferences.html": PackageResources.preferences_html_mustache,
            "archive.html": PackageResources.archive_html_mustache,
            "message.html": PackageResources.message_html_mustache,
            "confirm-mail.txt": PackageResources.confirm_mail_txt_mustache,
            "confirm-mail.html": PackageResources.confirm_mail_html_mustache,
        ]
        return bytes.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    private let library: MustacheLibrary

    /// Parses the stock templates, and those of `folder` in their place.
    ///
    /// - Throws: ``WebServerError/template(name:origin:problem:)`` naming the template that does not parse, or
    ///   ``WebServerError/unreadableTemplate(path:problem:)`` naming an override that is there but cannot be read.
    public init(overrides folder: URL? = nil) throws {
        var library = MustacheLibrary()
        for (name, stock) in Self.stockSources {
            var source = stock
            var origin = "built in"
            if let folder {
                let file = folder.appendingPathComponent(name + ".mustache")
                if let text = try Self.override(at: file) {
                    source = text
                    origin = file.path
                }
            }
            do {
                library.register(try MustacheTemplate(string: source), named: name)
            } catch {
                throw WebServerError.template(name: name, origin: origin, problem: "\(error)")
            }
        }
        self.library = library
    }

    /// The text of an override file; nil when there is none, so that the stock template is used.
    ///
    /// - Throws: ``WebServerError/unreadableTemplate(path:problem:)`` when something is there but is not a readable
    ///   UTF-8 file: silently serving the stock page instead would hide the mistake.
    static func override(at file: URL) throws -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue {
            throw WebServerError.unreadableTemplate(path: file.path, problem: "is a folder, not a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            let problem =
                FileManager.default.isReadableFile(atPath: file.path)
                ? "cannot be read" : "cannot be read (permission denied)"
            throw WebServerError.unreadableTemplate(path: file.path, problem: problem)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WebServerError.unreadableTemplate(path: file.path, problem: "is not UTF-8 text")
        }
        return text
    }

    /// Renders a template; an unknown name renders empty (every name used is in ``names``).
    public func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
