/// Errors from grouping legs into interactions.
public enum InteractionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Two groupings made with different link options cannot be merged: the result would
  /// match neither.
  case linkOptionsDiffer(InteractionLinkOptions, InteractionLinkOptions)

  /// A sentence for a person.
  public var message: String {
    switch self {
    case .linkOptionsDiffer(let left, let right):
      "cannot merge groupings made with different link options (\(left.rawValue) and \(right.rawValue))"
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
