/// Bulletin's own version.
public enum BulletinVersion {
    /// The version of this build, as `bulletin --version` prints it.
    public static let current = "0.1.0"
}
