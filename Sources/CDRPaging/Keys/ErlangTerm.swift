import CDRModel

/// The subset of Erlang terms that KAZOO's CouchDB view keys are made of, with the
/// External Term Format (ETF) encoder and decoder KAZOO uses for `start_key`.
///
/// KAZOO sends `start_key`/`next_start_key` as base64url of `term_to_binary(Key)`. A key
/// is a list of integers and binaries; JSON objects appear as kz_json's `{[]}` (a 1-tuple
/// holding a proplist), so the "high" key `{}` is the tuple `{[]}`.
///
/// ```swift
/// let key = try ErlangTerm(externalFormat: Base64URL.decode("g2wAAAACbgUAb0ZX1A5oAWpq")!)
/// key.json    // [63692031599, {}]
/// ```
public indirect enum ErlangTerm: Sendable, Hashable {
  /// An integer (`SMALL_INTEGER_EXT`, `INTEGER_EXT`, or a `SMALL_BIG_EXT`/`LARGE_BIG_EXT`
  /// that fits in 64 bits).
  case integer(Int64)
  /// A binary (`BINARY_EXT`): KAZOO's strings.
  case binary([UInt8])
  /// An atom (`ATOM_EXT`, `SMALL_ATOM_EXT`, `ATOM_UTF8_EXT`, `SMALL_ATOM_UTF8_EXT`), e.g. `false`.
  case atom(String)
  /// A proper list (`LIST_EXT` ending in `NIL_EXT`, `NIL_EXT` alone, or `STRING_EXT`, which
  /// is a list of byte-sized integers).
  case list([ErlangTerm])
  /// A tuple (`SMALL_TUPLE_EXT`, `LARGE_TUPLE_EXT`).
  case tuple([ErlangTerm])
  /// A map (`MAP_EXT`), as its key/value pairs in encoded order.
  case map([ErlangMapEntry])

  /// A binary holding the UTF-8 bytes of `text`.
  public static func binary(_ text: String) -> ErlangTerm { .binary(Array(text.utf8)) }

  /// kz_json's empty object `{[]}`, which KAZOO writes as `{}` in JSON view keys.
  public static let emptyJSONObject: ErlangTerm = .tuple([.list([])])
}

/// One key/value pair of an Erlang map term.
public struct ErlangMapEntry: Sendable, Hashable {
  /// The key.
  public var key: ErlangTerm
  /// The value.
  public var value: ErlangTerm

  /// Creates a pair.
  public init(key: ErlangTerm, value: ErlangTerm) {
    self.key = key
    self.value = value
  }
}

/// Why bytes are not a supported Erlang External Term Format term.
public enum ErlangTermError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The first byte is not the format version 131.
  case badVersion(UInt8?)
  /// The bytes end inside a term.
  case truncated(offset: Int)
  /// A tag this decoder does not support (floats, pids, references, funs, ...).
  case unsupportedTag(UInt8, offset: Int)
  /// An integer that does not fit in 64 bits.
  case integerTooLarge(offset: Int)
  /// A list whose tail is not `[]`.
  case improperList(offset: Int)
  /// Bytes left over after the term.
  case trailingBytes(offset: Int)
  /// Nesting deeper than the decoder allows.
  case tooDeep
  /// An atom whose name is not valid UTF-8.
  case invalidAtom(offset: Int)

  /// A human-readable explanation.
  public var message: String {
    switch self {
    case .badVersion(let byte?): "not an Erlang term: version byte is \(byte), expected 131"
    case .badVersion(nil): "not an Erlang term: no bytes"
    case .truncated(let offset): "Erlang term is truncated at byte \(offset)"
    case .unsupportedTag(let tag, let offset):
      "unsupported Erlang term tag \(tag) at byte \(offset)"
    case .integerTooLarge(let offset): "Erlang integer at byte \(offset) does not fit in 64 bits"
    case .improperList(let offset): "improper Erlang list at byte \(offset)"
    case .trailingBytes(let offset): "unexpected bytes after the Erlang term at byte \(offset)"
    case .tooDeep: "Erlang term nests too deeply"
    case .invalidAtom(let offset): "Erlang atom at byte \(offset) is not valid UTF-8"
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
