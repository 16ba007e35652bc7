// The bytes behind a `LazyCallDetailRecord`: one record's JSON object, copied out of the
// buffer it was read from, and a table of its top-level members made by one structural scan
// (`CDRReader.scanMemberShapes`). A typed property decodes its member when it is asked for,
// with the byte-level decoder's own functions (`stringField`, `integerField`,
// `freeFormObject`, `_FieldDecoder`), so it gives exactly what that decoder gives.
//
// A table is made only when the bytes' verdict is certain: one valid object, every key plain
// (ASCII without escapes), no modeled key twice, a string `call_id`, no `hook_event` (a
// webhook payload is reshaped by the reader) and no chance of being a KAZOO listing row.
// On every other input `make` returns `nil`, deciding nothing, and the caller takes the
// eager path, which accepts, converts or rejects as always.

/// One top-level member: positions in ``_LazyRecordBytes/bytes``, what its value is, and
/// its modeled field (`_LazyMember.unknownField` when it has none).
struct _LazyMember: Sendable {
  static let unknownField: UInt8 = 0xFF

  /// The key's bytes between its quotes.
  var keyStart: UInt32
  var keyEnd: UInt32
  /// The value's bytes (a string with its quotes).
  var valueStart: UInt32
  var valueEnd: UInt32
  var shape: _ValueShape
  /// The raw value of the member's ``_CDRField``, or ``unknownField``.
  var field: UInt8

  var key: Range<Int> { Int(keyStart)..<Int(keyEnd) }
  var value: Range<Int> { Int(valueStart)..<Int(valueEnd) }
}

/// A record's bytes and member table; immutable once made, so it is shared freely between
/// copies of a record and across tasks.
final class _LazyRecordBytes: Sendable {
  /// The record's object, `{` to `}`, without the whitespace around it.
  let bytes: [UInt8]
  /// Every top-level member, in document order.
  let members: [_LazyMember]
  /// For each ``_CDRField`` (by raw value), the position of its member in ``members``, or
  /// `UInt16.max` when the record has none.
  let fieldMembers: [UInt16]
  /// The nesting limit the bytes were validated against (used again to decode them).
  let maximumDepth: Int

  private init(
    bytes: [UInt8], members: [_LazyMember], fieldMembers: [UInt16], maximumDepth: Int
  ) {
    self.bytes = bytes
    self.members = members
    self.fieldMembers = fieldMembers
    self.maximumDepth = maximumDepth
  }

  /// A placeholder held for a moment while a record's eager form is changed in place.
  static let vacant = _LazyRecordBytes(
    bytes: [], members: [], fieldMembers: [], maximumDepth: JSONParser.defaultMaximumDepth)

  /// The bytes and member table of the one record in `buffer` (surrounded by optional
  /// whitespace), or `nil` when only the eager decoder can decide (see the top of this file).
  /// `shapes` is scratch space, reused from call to call.
  static func make(
    _ buffer: UnsafeBufferPointer<UInt8>, maximumDepth: Int, shapes: inout _MemberShapes
  ) -> _LazyRecordBytes? {
    guard let base = buffer.baseAddress, buffer.count < Int(Int32.max),
      CDRReader.scanMemberShapes(
        buffer, maximumDepth: maximumDepth, describedLevels: 1, into: &shapes),
      shapes.members.count < Int(UInt16.max)
    else { return nil }
    // The scan accepted one object surrounded by whitespace.
    var start = 0
    while buffer[start].isASCIIWhitespace { start += 1 }
    var end = buffer.count
    while buffer[end - 1].isASCIIWhitespace { end -= 1 }
    let table = _CDRFieldTable.shared
    var fieldMembers = [UInt16](repeating: .max, count: _CDRField.allCases.count)
    var members: [_LazyMember] = []
    members.reserveCapacity(shapes.members.count)
    var listingColumns: UInt32 = 0
    for shape in shapes.members {
      guard shape.keyIsPlain else { return nil }
      let key = UnsafeBufferPointer(rebasing: buffer[shape.key])
      var fieldValue = _LazyMember.unknownField
      if let field = table.field(base + shape.key.lowerBound, shape.key.count) {
        let slot = Int(field.rawValue)
        guard fieldMembers[slot] == .max else { return nil }
        if field == .callID, shape.shape != .plainString, shape.shape != .otherString {
          return nil
        }
        fieldMembers[slot] = UInt16(members.count)
        fieldValue = field.rawValue
      } else {
        if key.elementsEqual("hook_event".utf8) { return nil }
        for (position, column) in CallDetailRecord.listingOnlyColumns.enumerated()
        where key.elementsEqual(column.utf8) {
          listingColumns |= 1 << UInt32(position)
        }
      }
      members.append(
        _LazyMember(
          keyStart: UInt32(shape.key.lowerBound - start),
          keyEnd: UInt32(shape.key.upperBound - start),
          valueStart: UInt32(shape.value.lowerBound - start),
          valueEnd: UInt32(shape.value.upperBound - start), shape: shape.shape, field: fieldValue))
    }
    guard fieldMembers[Int(_CDRField.callID.rawValue)] != .max else { return nil }
    // `CallDetailRecord.isKazooListingRow`, answered from the shapes: a direction is set
    // only from a string, channel variables only from an object.
    if listingColumns.nonzeroBitCount >= 3 {
      let direction = fieldMembers[Int(_CDRField.callDirection.rawValue)]
      let variables = fieldMembers[Int(_CDRField.customChannelVars.rawValue)]
      let hasDirection =
        direction != .max
        && (members[Int(direction)].shape == .plainString
          || members[Int(direction)].shape == .otherString)
      let hasVariables = variables != .max && members[Int(variables)].shape == .object
      if !hasDirection && !hasVariables { return nil }
    }
    return _LazyRecordBytes(
      bytes: Array(buffer[start..<end]), members: members, fieldMembers: fieldMembers,
      maximumDepth: maximumDepth)
  }

  /// The member of `field`, if the record has one.
  @inline(__always)
  func member(_ field: _CDRField) -> _LazyMember? {
    let position = fieldMembers[Int(field.rawValue)]
    return position == .max ? nil : members[Int(position)]
  }

  /// Decodes one member's value with `decode`, which notes drifts in `decoder`.
  func decode<Value>(
    _ member: _LazyMember, as field: _CDRField, with decode: _MemberDecoding.Decode<Value>,
    _ decoder: inout _FieldDecoder
  ) -> Result<Value?, JSONParseError> {
    bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(
        bytes: UnsafeBufferPointer(rebasing: buffer[member.value]), maximumDepth: maximumDepth)
      return Result { () throws(JSONParseError) in try decode(&parser, field, &decoder) }
    }
  }

  /// A member's key (plain, so its bytes are its text).
  func key(_ member: _LazyMember) -> String {
    String(decoding: bytes[member.key], as: UTF8.self)
  }

  /// A member's value as a ``JSONValue``.
  func value(_ member: _LazyMember) -> Result<JSONValue, JSONParseError> {
    bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(
        bytes: UnsafeBufferPointer(rebasing: buffer[member.value]), maximumDepth: maximumDepth)
      return Result { () throws(JSONParseError) in try parser.parseValue() }
    }
  }

  /// The members without a typed property, as ``CallDetailRecord/otherFields`` holds them
  /// (a key written twice keeps its last value, as the parsers do).
  func otherFields() -> Result<[String: JSONValue], JSONParseError> {
    var values: [String: JSONValue] = [:]
    for member in members where member.field == _LazyMember.unknownField {
      switch value(member) {
      case .success(let value): values[key(member)] = value
      case .failure(let error): return .failure(error)
      }
    }
    return .success(values)
  }

  /// The last member named `key` that has no typed property, if any.
  func otherMember(_ key: String) -> _LazyMember? {
    for member in members.reversed() where member.field == _LazyMember.unknownField {
      if bytes[member.key].elementsEqual(key.utf8) { return member }
    }
    return nil
  }

  /// The drift notes the eager decoder makes for these bytes: each modeled member whose
  /// value is not in its property's plain form is decoded for its note; sorted by path
  /// (each path is one member's, so no two notes share one).
  func drifts() -> Result<[CDRDrift], JSONParseError> {
    var decoder = _FieldDecoder()
    for member in members where member.field != _LazyMember.unknownField {
      guard let field = _CDRField(rawValue: member.field), !field.isPlain(member.shape) else {
        continue
      }
      let noted: Result<Void?, JSONParseError> = decode(
        member, as: field, with: _MemberDecoding.notingDrifts, &decoder)
      if case .failure(let error) = noted { return .failure(error) }
    }
    return .success(decoder.drifts.isEmpty ? [] : CDRDrift.sorted(decoder.drifts))
  }

  /// Whether the eager decoder notes a drift for these bytes (most records have none, and
  /// answer without decoding anything).
  var hasDrifts: Bool {
    var mayHaveDrifts = false
    for member in members where member.field != _LazyMember.unknownField {
      if let field = _CDRField(rawValue: member.field), !field.isPlain(member.shape) {
        mayHaveDrifts = true
        break
      }
    }
    guard mayHaveDrifts else { return false }
    switch drifts() {
    case .success(let drifts): return !drifts.isEmpty
    case .failure: return eagerRecord().map { !$0.drifts.isEmpty } ?? false
    }
  }

  /// The record the eager byte-level decoder reads from these bytes; `nil` only if they
  /// stopped being what ``make(_:maximumDepth:shapes:)`` accepted, which cannot happen.
  func eagerRecord() -> CallDetailRecord? {
    bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(bytes: buffer, maximumDepth: maximumDepth)
      return (try? parser.parseRecordDocument()) ?? nil
    }
  }

  /// Whether the bytes already are the compact text the eager record writes.
  var isCanonical: Bool {
    bytes.withUnsafeBufferPointer {
      _CanonicalRecordCheck.isCanonicalRecord($0, maximumDepth: maximumDepth)
    }
  }
}

extension _CDRField {
  /// Whether a value of this shape is read without a drift note: the shape its property
  /// reads as it is. Directions and lists are always decoded to find out.
  func isPlain(_ shape: _ValueShape) -> Bool {
    let isString = shape == .plainString || shape == .otherString
    switch self {
    case .callID: return true
    case .callDirection, .mediaRecordings: return false
    case .channelLoopbackLeg: return isString
    case .customChannelVars, .customApplicationVars, .customSIPHeaders: return shape == .object
    default:
      switch plainValueKind {
      case .integer: return shape == .plainInteger
      case .boolean: return shape == .boolean
      default: return isString
      }
    }
  }
}

extension _CDRField {
  /// The shapes ``isPlain(_:)`` accepts, one bit each (`1 << shape.rawValue`): what the
  /// leg projection checks a member it skips against.
  var plainShapes: UInt8 {
    var mask: UInt8 = 0
    for raw in 0..<UInt8(8) {
      if let shape = _ValueShape(rawValue: raw), isPlain(shape) { mask |= 1 << raw }
    }
    return mask
  }
}

/// How each kind of typed property is read from its member's value: the byte-level
/// decoder's own steps, so a lazy property equals the eager one, drift notes included.
enum _MemberDecoding {
  /// Reads the value at the parser's start for `field`, noting drifts in the decoder.
  typealias Decode<Value> = (inout JSONParser, _CDRField, inout _FieldDecoder)
    throws(JSONParseError) -> Value?

  static func text(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> String? {
    try parser.stringField(field, &decoder)
  }

  static func integer(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> Int? {
    try parser.integerField(field, &decoder)
  }

  static func boolean(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> Bool? {
    decoder.boolean(field.name, try parser.parseValue())
  }

  static func direction(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> CallDirection? {
    decoder.direction(field.name, try parser.parseValue())
  }

  static func loopbackLeg(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> LoopbackLeg? {
    decoder.loopbackLeg(field.name, try parser.parseValue())
  }

  static func channelVars(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> CustomChannelVars? {
    try parser.freeFormObject(CustomChannelVars.init(raw:)) {
      decoder.channelVars(field.name, $0)
    }
  }

  static func applicationVars(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> [String: JSONValue]? {
    let object = try parser.freeFormObject(_JSONObjectStorage.init(raw:)) {
      decoder.object(field.name, $0).map(_JSONObjectStorage.init(values:))
    }
    return object?.values
  }

  static func sipHeaders(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> CustomSIPHeaders? {
    try parser.freeFormObject(CustomSIPHeaders.init(raw:)) {
      decoder.sipHeaders(field.name, $0)
    }
  }

  static func texts(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> [String]? {
    decoder.stringList(field.name, try parser.parseValue())
  }

  /// `call_id`, whose value is known to be a string.
  static func callID(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> String? {
    try parser.parseString()
  }

  /// Reads the member as its field's property does, for the drift notes only.
  static func notingDrifts(
    _ parser: inout JSONParser, _ field: _CDRField, _ decoder: inout _FieldDecoder
  ) throws(JSONParseError) -> Void? {
    switch field {
    case .callID: return ()
    case .callDirection: _ = try direction(&parser, field, &decoder)
    case .channelLoopbackLeg: _ = try loopbackLeg(&parser, field, &decoder)
    case .customChannelVars: _ = try channelVars(&parser, field, &decoder)
    case .customApplicationVars: _ = try applicationVars(&parser, field, &decoder)
    case .customSIPHeaders: _ = try sipHeaders(&parser, field, &decoder)
    case .mediaRecordings: _ = try texts(&parser, field, &decoder)
    default:
      switch field.plainValueKind {
      case .integer: _ = try integer(&parser, field, &decoder)
      case .boolean: _ = try boolean(&parser, field, &decoder)
      default: _ = try text(&parser, field, &decoder)
      }
    }
    return ()
  }
}
