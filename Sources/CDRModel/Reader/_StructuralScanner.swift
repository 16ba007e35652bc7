/// Finds where a JSON value or array element ends without parsing it, so the reader can
/// cut records out of a stream and parse each one on its own. It can resume across buffer
/// refills.
///
/// It follows JSON's structure, not its details: strings (with escapes), bracket depth and
/// the order of keys, colons, values and commas. Escapes, numbers, literals and UTF-8 are
/// left to the parser. What it does check is what lets a broken record be found where it
/// breaks rather than where the input ends: a missing `}` makes the next record's `{` stand
/// where a key or a comma should be, and a missing quote makes a string run into a line
/// break (JSON strings hold no raw control characters). ``malformedAt`` then says where.
/// Every valid JSON text scans exactly as before the checks existed.
struct _StructuralScanner {
  enum Mode {
    /// A value that starts with `{` or `[`: ends after the bracket that closes it.
    case bracketedValue
    /// An array element: ends after its closing bracket when it starts with one,
    /// otherwise before the next `,` or `]` at depth 0.
    case arrayElement
  }

  /// What may come next, outside a string.
  private enum Expectation: UInt8 {
    /// A value (after `:`, after `,` in an array, or an element's start).
    case value
    /// A value or `]` (right after `[`).
    case valueOrClose
    /// A key (after `,` in an object).
    case key
    /// A key or `}` (right after `{`).
    case keyOrClose
    /// `:` (after a key).
    case colon
    /// `,` or the closing bracket (after a value).
    case commaOrClose
  }

  let mode: Mode
  var depth = 0
  var inString = false
  var escaped = false
  /// Whether the string being read is a key of the top-level object, watched for
  /// `data` and `call_id`.
  private var inWatchedKey = false
  private var inScalar = false
  private var expectation = Expectation.value
  /// Bit `d - 1` is set when the container at depth `d` is an object (depths up to 64).
  private var objectBits: UInt64 = 0
  /// Container kinds beyond depth 64 (`true` for an object); rarely used.
  private var deepKinds: [Bool] = []
  /// The index at which the bytes stopped being JSON, once they did; `scan` then returns
  /// that index.
  private(set) var malformedAt: Int?

  /// Whether to stop at the `[` of a top-level `"data"` member that comes before any
  /// `"call_id"`: the rows of a KAZOO API envelope (see ``envelopeRowsAt``).
  private let watchesEnvelope: Bool
  /// How a depth-1 key read so far compares with `data` and `call_id`: its length, or -1
  /// once it can be neither (or holds an escape).
  private var keyLength = 0
  private var keyCouldBeData = false
  private var keyCouldBeCallID = false
  private var sawCallID = false
  private var valueIsData = false
  /// The index of the `[` that opens an envelope's rows, once found; `scan` then returns
  /// that index.
  private(set) var envelopeRowsAt: Int?

  init(mode: Mode, watchesEnvelope: Bool = false) {
    self.mode = mode
    self.watchesEnvelope = watchesEnvelope
  }

  /// A scanner inside an object at depth 1, after a member's value: it finds the object's
  /// closing `}` (the rest of an envelope after its rows).
  static func restOfObject() -> _StructuralScanner {
    var scanner = _StructuralScanner(mode: .bracketedValue)
    scanner.depth = 1
    scanner.objectBits = 1
    scanner.expectation = .commaOrClose
    return scanner
  }

  private static let dataKey = Array("data".utf8)
  private static let callIDKey = Array("call_id".utf8)

  /// Follows one byte of a depth-1 key (between its quotes).
  private mutating func watchKeyByte(_ byte: UInt8) {
    guard keyLength >= 0 else { return }
    if byte == UInt8(ascii: "\\") {
      keyLength = -1
      return
    }
    keyCouldBeData = keyCouldBeData && keyLength < 4 && Self.dataKey[keyLength] == byte
    keyCouldBeCallID = keyCouldBeCallID && keyLength < 7 && Self.callIDKey[keyLength] == byte
    keyLength += 1
  }

  private var topIsObject: Bool {
    depth <= 64 ? objectBits & (1 << UInt64(depth - 1)) != 0 : deepKinds[depth - 65]
  }

  private mutating func open(object: Bool) {
    depth += 1
    if depth <= 64 {
      let bit: UInt64 = 1 << UInt64(depth - 1)
      if object { objectBits |= bit } else { objectBits &= ~bit }
    } else {
      if deepKinds.count < depth - 64 {
        deepKinds.append(object)
      } else {
        deepKinds[depth - 65] = object
      }
    }
    expectation = object ? .keyOrClose : .valueOrClose
  }

  private mutating func fail(_ index: Int) -> Int {
    malformedAt = index
    return index
  }

  /// Scans `bytes[from..<to]`. Returns the index just past the value (bracketed) or of
  /// the separator (element) when the end is found, the index of the first byte that
  /// breaks the structure (see ``malformedAt``), or `nil` when more bytes are needed.
  mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
    if let malformedAt { return malformedAt }
    if let envelopeRowsAt { return envelopeRowsAt }
    var index = from
    while index < to {
      let byte = bytes[index]
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
          if inWatchedKey { watchKeyByte(byte) }
        } else if byte == UInt8(ascii: "\"") {
          inString = false
          if inWatchedKey {
            inWatchedKey = false
            if keyCouldBeCallID && keyLength == 7 { sawCallID = true }
            valueIsData = keyCouldBeData && keyLength == 4 && !sawCallID
          }
        } else if byte < 0x20 {
          return fail(index)
        } else if inWatchedKey {
          watchKeyByte(byte)
        }
        index += 1
        continue
      }
      if inScalar {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"),
          UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["):
          inScalar = false
          expectation = .commaOrClose
        default:
          index += 1
          continue
        }
      }
      switch byte {
      case 0x20, 0x09, 0x0A, 0x0D:
        break
      case UInt8(ascii: "\""):
        switch expectation {
        case .key, .keyOrClose:
          expectation = .colon
          if watchesEnvelope && depth == 1 {
            inWatchedKey = true
            keyLength = 0
            keyCouldBeData = true
            keyCouldBeCallID = true
          }
        case .value, .valueOrClose: expectation = .commaOrClose
        case .colon, .commaOrClose: return fail(index)
        }
        inString = true
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        guard expectation == .value || expectation == .valueOrClose else { return fail(index) }
        if valueIsData && depth == 1 && byte == UInt8(ascii: "[") {
          envelopeRowsAt = index
          return index
        }
        open(object: byte == UInt8(ascii: "{"))
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        if depth == 0 {
          // Only an array element reaches depth 0 with a closing bracket to see.
          guard byte == UInt8(ascii: "]"), expectation == .commaOrClose else { return fail(index) }
          return index
        }
        let closesObject = byte == UInt8(ascii: "}")
        guard closesObject == topIsObject else { return fail(index) }
        // A comma right before the bracket is left to the parser to report: the structure
        // around it is intact.
        switch expectation {
        case .commaOrClose: break
        case .keyOrClose, .key: guard closesObject else { return fail(index) }
        case .valueOrClose, .value: guard !closesObject else { return fail(index) }
        case .colon: return fail(index)
        }
        depth -= 1
        expectation = .commaOrClose
        // A bracketed value (or array element) ends with the bracket that closes it.
        if depth == 0 { return index + 1 }
      case UInt8(ascii: ","):
        guard expectation == .commaOrClose else { return fail(index) }
        if depth == 0 { return index }  // only an array element is at depth 0 here
        expectation = topIsObject ? .key : .value
        valueIsData = false
      case UInt8(ascii: ":"):
        guard expectation == .colon else { return fail(index) }
        expectation = .value
      default:
        guard expectation == .value || expectation == .valueOrClose else { return fail(index) }
        inScalar = true
      }
      index += 1
    }
    return nil
  }
}
