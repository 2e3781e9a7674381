extension Int {
    /// The count with its noun, singular for one: "1 subscriber", "2 subscribers", "1,204 messages". `plural`
    /// defaults to the singular with an "s".
    public func counted(_ singular: String, _ plural: String? = nil) -> String {
        "\(grouped) \(self == 1 ? singular : plural ?? singular + "s")"
    }

    /// "was" for one, "were" otherwise: "1 message was", "3 messages were".
    public var wasOrWere: String { self == 1 ? "was" : "were" }

    /// "is" for one, "are" otherwise.
    public var isOrAre: String { self == 1 ? "is" : "are" }
}
