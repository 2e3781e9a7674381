/// A place in a shared text or HTML part where each message puts the subscriber's own value.
///
/// The digest renders its parts once per issue with ``marker(_:)`` strings where personal values go (the marker
/// is made of private-use characters, so Mustache's HTML escaping leaves it alone); ``BodyTemplate`` splits the
/// rendered part at the markers and fills them per message.
public enum PersonalSlot {
    /// The subscriber's name (may be empty).
    public static let name = "name"
    /// The first word of the subscriber's name.
    public static let firstName = "first_name"
    /// The subscriber's address.
    public static let email = "email"
    /// The one-click unsubscribe link.
    public static let unsubscribeURL = "unsubscribe_url"
    /// The preferences link.
    public static let preferencesURL = "preferences_url"

    /// Where a reader's topic sections go (``RenderedDigest/forReader(topics:)``): the shared part of an issue with
    /// sections holds this marker once, at the start of a line.
    public static let sections = "sections"

    /// The slots every message can fill without extra fields.
    public static let standard = [name, firstName, email, unsubscribeURL, preferencesURL]

    /// U+E000, which opens a marker.
    static let open: Unicode.Scalar = "\u{E000}"
    /// U+E001, which closes a marker.
    static let close: Unicode.Scalar = "\u{E001}"

    /// The marker to render in place of the slot's value: `U+E000 name U+E001`.
    public static func marker(_ slot: String) -> String {
        String(open) + slot + String(close)
    }
}
