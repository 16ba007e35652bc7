/// Finds where a JSON value or array element ends without parsing it, so the reader can
/// cut records out of a stream and parse each one on its own. It tracks only strings
/// (with escapes) and bracket depth, and can resume across buffer refills.
struct _StructuralScanner {
  enum Mode {
    /// A value that starts with `{` or `[`: ends after the bracket that closes it.
    case bracketedValue
    /// An array element: ends after its closing bracket when it starts with one,
    /// otherwise before the next `,` or `]` at depth 0.
    case arrayElement
  }

  let mode: Mode
  var depth = 0
  var inString = false
  var escaped = false

  init(mode: Mode) {
    self.mode = mode
  }

  /// Scans `bytes[from..<to]`. Returns the index just past the value (bracketed) or of
  /// the separator (element) when the end is found, or `nil` when more bytes are needed.
  mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
    var index = from
    while index < to {
      let byte = bytes[index]
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        index += 1
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        inString = true
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        if depth == 0 {
          if mode == .arrayElement && byte == UInt8(ascii: "]") { return index }
        } else {
          depth -= 1
          // A bracketed value (or array element) ends with the bracket that closes it.
          if depth == 0 { return index + 1 }
        }
      case UInt8(ascii: ","):
        if depth == 0 && mode == .arrayElement { return index }
      default:
        break
      }
      index += 1
    }
    return nil
  }
}
