/// The version of CDRKit, defined once for the whole package: `cdr --version` prints it,
/// and a program can log it next to the records it wrote.
///
/// ```swift
/// print("CDRKit", CDRKitVersion.current)  // CDRKit 0.1.0
/// ```
public enum CDRKitVersion {
  /// The version, in semantic-versioning form (`MAJOR.MINOR.PATCH`).
  public static let current = "0.1.0"
}
