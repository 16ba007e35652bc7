/// A small RFC 4180 reader written for the tests, independent of the writer: a state
/// machine over characters that returns every record's fields.
enum RFC4180Reader {
  enum Failure: Error {
    case quoteInUnquotedField, textAfterClosingQuote, unterminatedQuote, bareLineFeed
  }

  static func parse(_ text: String) throws -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var scalars = Array(text.unicodeScalars)[...]
    var fieldStarted = false
    while let scalar = scalars.first {
      scalars = scalars.dropFirst()
      switch scalar {
      case "\"" where field.isEmpty && !fieldStarted:
        fieldStarted = true
        var closed = false
        while let inner = scalars.first {
          scalars = scalars.dropFirst()
          if inner == "\"" {
            if scalars.first == "\"" {
              field.unicodeScalars.append("\"")
              scalars = scalars.dropFirst()
            } else {
              closed = true
              break
            }
          } else {
            field.unicodeScalars.append(inner)
          }
        }
        guard closed else { throw Failure.unterminatedQuote }
        guard let next = scalars.first, next == "," || next == "\r" else {
          if scalars.isEmpty { throw Failure.unterminatedQuote }
          throw Failure.textAfterClosingQuote
        }
      case "\"":
        throw Failure.quoteInUnquotedField
      case ",":
        record.append(field)
        field = ""
        fieldStarted = false
      case "\r":
        guard scalars.first == "\n" else { throw Failure.bareLineFeed }
        scalars = scalars.dropFirst()
        record.append(field)
        records.append(record)
        record = []
        field = ""
        fieldStarted = false
      case "\n":
        throw Failure.bareLineFeed
      default:
        fieldStarted = true
        field.unicodeScalars.append(scalar)
      }
    }
    guard record.isEmpty, field.isEmpty else { throw Failure.unterminatedQuote }
    return records
  }
}
