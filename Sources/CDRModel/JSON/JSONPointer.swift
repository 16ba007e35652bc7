/// Helpers for JSON Pointers (RFC 6901), the paths used in drift notes, rejections and
/// validation reports (`/custom_channel_vars/owner_id`, `/data/3`).
public enum JSONPointer {
  /// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
  public static func escape(_ token: String) -> String {
    guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") })
    else { return token }
    return token.replacing("~", with: "~0").replacing("/", with: "~1")
  }

  /// Builds a pointer from unescaped reference tokens: `["a/b", "0"]` gives `/a~1b/0`.
  public static func make(_ tokens: [String]) -> String {
    tokens.map { "/" + escape($0) }.joined()
  }

  /// Splits a pointer into unescaped reference tokens; `""` (the whole document) gives `[]`.
  /// Returns `nil` when the pointer is not empty and does not start with `/`.
  public static func tokens(_ pointer: String) -> [String]? {
    if pointer.isEmpty { return [] }
    guard pointer.hasPrefix("/") else { return nil }
    return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
      String($0).replacing("~1", with: "/").replacing("~0", with: "~")
    }
  }

  /// The first token of a one-token pointer (`/duration_seconds` gives `duration_seconds`).
  static func topLevelKey(_ pointer: String) -> String? {
    guard let tokens = tokens(pointer), tokens.count == 1 else { return nil }
    return tokens[0]
  }
}
