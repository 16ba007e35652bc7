import CDRModel

/// A `start_key` / `next_start_key` exactly as KAZOO writes it.
///
/// Current KAZOO (4.x, master) sends base64url (no padding) of the Erlang External Term
/// Format of the CouchDB view key; the 2015 API documentation shows plain gregorian-second
/// integers (`"start_key": "63602603916"`). Both are read and written here.
///
/// ```swift
/// let key = try KazooStartKey(parsing: "g2wAAAACbgUAvn1W1A5tAAAACDk4MDE2ODAwag")
/// key.viewKey?.json          // [63691980222, "98016800"]
/// KazooStartKey.encoded([.integer(63692031599), ErlangTerm.emptyJSONObject]).text
/// // "g2wAAAACbgUAb0ZX1A5oAWpq"
/// ```
public enum KazooStartKey: Sendable, Hashable {
  /// A view key in KAZOO's ETF + base64url encoding.
  case encoded(ErlangTerm)
  /// A plain integer key, as in the 2015 documentation.
  case integer(Int64)

  /// Builds the encoded form of a view key list.
  public static func encoded(_ parts: [ErlangTerm]) -> KazooStartKey { .encoded(.list(parts)) }

  /// Reads a key: all ASCII digits (optionally `-`-signed) is a plain integer key;
  /// otherwise base64url of an ETF term.
  ///
  /// - Throws: ``CursorError`` when it is neither.
  public init(parsing text: String) throws(CursorError) {
    if let value = Int64(text), !text.hasPrefix("+") {
      self = .integer(value)
      return
    }
    guard let bytes = Base64URL.decode(text) else { throw .notBase64URL }
    do {
      self = .encoded(try ErlangTerm(externalFormat: bytes))
    } catch {
      throw .notAKazooKey(error)
    }
  }

  /// The text to send as `start_key`.
  public var text: String {
    switch self {
    case .encoded(let term): Base64URL.encode(term.externalFormat)
    case .integer(let value): String(value)
    }
  }

  /// The ETF view key, when this is an encoded key.
  public var viewKey: ErlangTerm? {
    if case .encoded(let term) = self { return term }
    return nil
  }

  /// The leading gregorian-seconds part of the key: the integer itself, or the first
  /// list element when it is an integer (`/cdrs` keys are `[pvt_created, _id]`).
  public var time: Int64? {
    switch self {
    case .integer(let value): return value
    case .encoded(.list(let parts)):
      if case .integer(let value)? = parts.first { return value }
      return nil
    case .encoded: return nil
    }
  }
}
