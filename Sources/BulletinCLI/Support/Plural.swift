extension Int {
    /// The number, grouped, and the noun in the singular for exactly one, else in the plural: "1 subscriber",
    /// "0 subscribers", "2,000 rows".
    func counted(_ noun: String) -> String {
        "\(grouped) \(noun)\(self == 1 ? "" : "s")"
    }
}
