/// Where a record sits in its input.
public struct CDRSourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The input's name: a file path, `<stdin>`, or the name given for in-memory data.
  public let source: String
  /// The 1-based line: where the record starts, or for malformed JSON where the first
  /// problem was found.
  public let line: Int
  /// The 0-based index of the record among all records of this input (accepted and
  /// rejected alike).
  public let index: Int
  /// A JSON Pointer to the record within its document: `""` for a whole document or an
  /// NDJSON line, `/3` for an array element, `/data/3` for an API envelope row.
  public let pointer: String

  /// Creates a location.
  public init(source: String, line: Int, index: Int, pointer: String) {
    self.source = source
    self.line = line
    self.index = index
    self.pointer = pointer
  }

  /// `SOURCE:LINE`, the form compilers and editors understand.
  public var description: String { "\(source):\(line)" }
}

/// Why the reader rejected a record.
public enum CDRRejectionReason: Sendable, Hashable, CustomStringConvertible {
  /// The record's bytes are not valid JSON. The error's offset counts from the start of
  /// the record's bytes.
  case malformedJSON(JSONParseError)
  /// Valid JSON that is not a CDR (not an object, or no string `call_id`).
  case notARecord(CDRRecordError)
  /// The record is larger than ``CDRReader/Options/maximumRecordBytes``; it was skipped
  /// without being held in memory.
  case recordTooLarge(limit: Int)
  /// The input is not JSON text at all (for example gzip-compressed data).
  case notJSON(String)
  /// The container around the records is broken (a missing comma, a trailing comma, an
  /// unterminated array); the text says how.
  case malformedContainer(String)
  /// Reading the input failed (an I/O error); reading stops.
  case readFailed(String)
  /// A record in an array, an envelope or among pretty-printed documents stops being JSON
  /// in a way that hides where it ends (a missing `}` or quote). The rejection's line is
  /// where it broke, and `recordLine` where it started; the error's offset counts from the
  /// record's start. The reader skipped the bytes after it up to `resumedAtLine`, the line
  /// where the next record starts (`nil`: none does, the rest of the input was skipped).
  case malformedRecord(JSONParseError, recordLine: Int, resumedAtLine: Int?)
  /// An NDJSON line that holds something other than one record (an array, an API
  /// envelope): NDJSON holds one CDR per line. The text names what the line holds.
  case notOneRecordPerLine(String)

  /// A human sentence.
  public var message: String {
    switch self {
    case .malformedJSON(let error): "malformed JSON: \(error.reason)"
    case .notARecord(let error): error.message
    case .recordTooLarge(let limit): "record larger than the \(limit)-byte limit, skipped"
    case .notJSON(let detail): "not JSON: \(detail)"
    case .malformedContainer(let detail): "malformed JSON: \(detail)"
    case .readFailed(let detail): "read failed: \(detail)"
    case .malformedRecord(let error, let recordLine, let resumedAtLine?):
      "malformed JSON: \(error.reason) in the record that starts at line \(recordLine); "
        + "read on from line \(resumedAtLine), where the next record starts"
    case .malformedRecord(let error, let recordLine, nil):
      "malformed JSON: \(error.reason) in the record that starts at line \(recordLine); "
        + "no record starts after it, so the rest of the input was skipped"
    case .notOneRecordPerLine(let found):
      "an NDJSON line holds one CDR, and this line holds \(found); read it as a file of its own"
    }
  }

  /// The same as ``message``.
  public var description: String { message }
}

/// A record the reader could not accept: where it was and why.
///
/// Its ``description`` is `SOURCE:LINE: record INDEX[ at POINTER]: REASON`, for example
/// `calls.ndjson:7: record 6: missing required "call_id"`.
public struct CDRRejection: Error, Sendable, Hashable, CustomStringConvertible {
  /// Where the record was.
  public let location: CDRSourceLocation
  /// Why it was rejected.
  public let reason: CDRRejectionReason

  /// Creates a rejection.
  public init(location: CDRSourceLocation, reason: CDRRejectionReason) {
    self.location = location
    self.reason = reason
  }

  /// `SOURCE:LINE: record INDEX[ at POINTER]: REASON`.
  public var description: String {
    let pointer = location.pointer.isEmpty ? "" : " at \(location.pointer)"
    return
      "\(location.source):\(location.line): record \(location.index)\(pointer): \(reason.message)"
  }
}

/// One step of reading: an accepted record or a rejected one.
public enum CDRReadEvent: Sendable, Hashable {
  /// A record that was read, and where it was.
  case record(CallDetailRecord, CDRSourceLocation)
  /// A record that was rejected.
  case rejection(CDRRejection)

  /// The record, when this event is one.
  public var record: CallDetailRecord? {
    if case .record(let record, _) = self { return record }
    return nil
  }

  /// The rejection, when this event is one.
  public var rejection: CDRRejection? {
    if case .rejection(let rejection) = self { return rejection }
    return nil
  }
}

/// The shape of an input, as the reader detected it.
public enum CDRInputFormat: String, Sendable, Hashable, Codable {
  /// Nothing but whitespace.
  case empty
  /// One JSON document per line (NDJSON / JSON Lines).
  case ndjson
  /// A JSON array of documents.
  case jsonArray
  /// One JSON document.
  case singleDocument
  /// KAZOO's API envelope: an object whose `data` member is an array of rows.
  case apiEnvelope
  /// Several pretty-printed documents one after another.
  case concatenatedDocuments
}

/// Running counts for one input. `read == accepted + rejected` always holds.
public struct CDRReadStatistics: Sendable, Hashable, Codable {
  /// Records seen (accepted plus rejected).
  public var read: Int { accepted + rejected }
  /// Records accepted.
  public var accepted = 0
  /// Records rejected.
  public var rejected = 0
  /// Accepted records that carried at least one ``CDRDrift``.
  public var acceptedWithDrifts = 0
  /// Bytes of input consumed.
  public var bytesRead = 0
  /// The most bytes the reader held in its buffer at once; bounded by the largest record
  /// plus one chunk, whatever the input's size.
  public var peakBufferedBytes = 0

  /// Creates empty counts.
  public init() {}
}

/// Everything read from an input at once (see ``CDRReader/readAll()``).
public struct CDRReadResult: Sendable, Hashable {
  /// The accepted records, in input order.
  public var records: [CallDetailRecord]
  /// The records' locations, parallel to ``records``.
  public var locations: [CDRSourceLocation]
  /// The rejected records, in input order.
  public var rejections: [CDRRejection]
  /// The counts.
  public var statistics: CDRReadStatistics
  /// The detected input format.
  public var format: CDRInputFormat

  /// Creates a result.
  public init(
    records: [CallDetailRecord], locations: [CDRSourceLocation], rejections: [CDRRejection],
    statistics: CDRReadStatistics, format: CDRInputFormat
  ) {
    self.records = records
    self.locations = locations
    self.rejections = rejections
    self.statistics = statistics
    self.format = format
  }
}

/// Why an input could not be opened.
public enum CDRReaderError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file could not be opened; `reason` is the system's explanation.
  case cannotOpen(path: String, reason: String)

  /// A human sentence.
  public var message: String {
    switch self {
    case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
    }
  }

  /// The same as ``message``.
  public var description: String { message }
}
