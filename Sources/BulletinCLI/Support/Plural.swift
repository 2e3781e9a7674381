extension Int {
    /// The number, grouped, and the noun in the singular for exactly one, else in the plural: "1 subscriber",
    /// "0 subscribers", "2,000 rows".
    ///
    /// - Parameter plural: the plural when it is not the singular plus "s".
    func counted(_ singular: String, plural: String? = nil) -> String {
        "\(grouped) \(self == 1 ? singular : plural ?? singular + "s")"
    }
}
