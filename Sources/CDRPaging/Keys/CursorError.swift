/// Why a `start_key` could not be used. Never a crash and never a silent restart from
/// the first page.
public enum CursorError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Not base64url text.
  case notBase64URL
  /// Shorter than a cursor's fixed part or than its declared id length.
  case truncated
  /// Decodes, but is neither a CDRKit cursor nor a KAZOO key.
  case foreign
  /// A CDRKit cursor from a newer, unknown format version.
  case unsupportedVersion(UInt8)
  /// The checksum does not match: the cursor was altered.
  case checksumMismatch
  /// A cursor for another listing (legs vs interactions), sort key or direction.
  case mismatch(expected: String, found: String)
  /// Looks like a KAZOO ETF key but is not a valid term.
  case notAKazooKey(ErlangTermError)
  /// A valid KAZOO key whose shape this listing does not use.
  case unsupportedKazooKeyShape(String)

  /// A human-readable explanation.
  public var message: String {
    switch self {
    case .notBase64URL: "start_key is not a valid cursor: not base64url text"
    case .truncated: "start_key is not a valid cursor: it is truncated"
    case .foreign: "start_key is not a valid cursor: it was not issued by CDRKit or KAZOO"
    case .unsupportedVersion(let version):
      "start_key is not a valid cursor: unknown cursor version \(version)"
    case .checksumMismatch: "start_key is not a valid cursor: checksum mismatch (was it altered?)"
    case .mismatch(let expected, let found):
      "start_key belongs to another listing: it is for \(found), this request is for \(expected)"
    case .notAKazooKey(let error): "start_key is not a valid KAZOO key: \(error.message)"
    case .unsupportedKazooKeyShape(let shape):
      "start_key has a KAZOO key shape this listing does not use: \(shape)"
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
