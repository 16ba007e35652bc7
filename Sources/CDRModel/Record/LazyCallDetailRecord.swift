/// A Call Detail Record that keeps the bytes it was read from and decodes a typed property
/// only when it is read.
///
/// Reading a ``CallDetailRecord`` builds all of its eighty-odd typed properties, its
/// ``CallDetailRecord/otherFields`` and its drift notes. A lazy record instead makes one
/// structural pass over its JSON object, keeps the object's bytes and a table of its
/// top-level members (where each key and value is, and what kind of value it is), and
/// decodes a member when its property is read. A job that reads a few properties of many
/// records, or writes records back unchanged, never builds the rest.
///
/// ```swift
/// let line = #"{"billing_seconds":"7","call_direction":"inbound","call_id":"3a1f"}"#
/// let leg = try LazyCallDetailRecord(jsonText: line)
/// leg.callID          // "3a1f": only `call_id` is decoded
/// leg.billingSeconds  // 7, as CallDetailRecord reads it (the drift is in `drifts`)
/// let eager = leg.materialized()   // the equivalent CallDetailRecord
/// ```
///
/// Every property gives exactly what ``CallDetailRecord`` gives for the same bytes, with
/// the same drift-tolerant conversions (a number written as a string, `"true"` for a
/// Boolean, an unknown direction kept as ``CallDirection/other(_:)``); records are
/// accepted and rejected as ``CallDetailRecord/init(jsonBytes:)`` accepts and rejects them,
/// with the same errors.
///
/// ## Bytes or an eager record
///
/// A lazy record holds either its bytes or an eager ``CallDetailRecord``. It keeps its bytes
/// only when their verdict is certain: one valid JSON object, every key plain ASCII without
/// escapes, no typed key written twice, a string `call_id`, not a webhook payload or a
/// KAZOO listing row. Anything else (escaped keys, a repeated key, KAZOO's event shapes,
/// malformed JSON) is read by the eager decoder, which decides and reports as always, and
/// the lazy record holds the record it reads (``isMaterialized`` is then `true`).
///
/// ## No caching
///
/// Decoded values are not kept: each read of a property decodes its member again (for a
/// string, making the `String` from its bytes; for a number, parsing it). So a lazy record
/// is immutable while it is read, and can be shared between tasks without a lock or a data
/// race. Read a property into a local when you need it several times, or call
/// ``materialize()`` to switch the record to its eager form when you will read many
/// properties many times.
///
/// ## Changing a record
///
/// Setting any property (typed, ``otherFields`` or ``drifts``) first materializes the whole
/// record: it is decoded into its eager form, which is then changed, and the bytes are
/// dropped. A lazy record is a value: copies are independent, and changing one never
/// affects another.
///
/// ## Writing
///
/// ``write(to:)`` and ``jsonText`` give the compact text ``CallDetailRecord/json`` writes. A
/// record that still holds its bytes, when those already are that text (compact, keys in
/// sorted order, strings escaped as the writer escapes them, typed members in their plain
/// form), copies them; otherwise the eager record is written. Round trips are lossless.
///
/// Two lazy records are equal when their eager records are: they write the same document
/// and carry the same drift notes.
public struct LazyCallDetailRecord: Sendable, Hashable, Identifiable {
  /// What the record holds.
  enum _State: Sendable {
    /// The record's bytes and member table (see `_LazyRecordBytes.swift`).
    case bytes(_LazyRecordBytes)
    /// The decoded record: after a fallback, a change or ``materialize()``.
    case materialized(CallDetailRecord)
  }

  var _state: _State

  /// A record backed by bytes whose verdict was certain.
  init(_backing backing: _LazyRecordBytes) {
    _state = .bytes(backing)
  }

  /// Wraps an eager record (the lazy record is then materialized from the start).
  ///
  /// ```swift
  /// let lazy = LazyCallDetailRecord(CallDetailRecord(callID: "abc"))
  /// lazy.isMaterialized   // true
  /// ```
  public init(_ record: CallDetailRecord) {
    _state = .materialized(record)
  }

  /// Reads a record from UTF-8 JSON bytes (one JSON object, optionally surrounded by
  /// whitespace), keeping its bytes.
  ///
  /// Only the object's bytes are copied, so a record made from a slice of a larger buffer
  /// (a line of a file) does not keep the rest of it. Inputs are accepted and rejected
  /// exactly as ``CallDetailRecord/init(jsonBytes:)`` accepts and rejects them.
  ///
  /// ```swift
  /// let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "legs.ndjson")))
  /// let firstLine = file.prefix { $0 != 0x0A }   // a slice: only its bytes are copied
  /// let leg = try LazyCallDetailRecord(jsonBytes: firstLine)
  /// ```
  ///
  /// - Throws: ``CDRDecodingError``, the error ``CallDetailRecord/init(jsonBytes:)`` throws.
  public init(jsonBytes: some Collection<UInt8>) throws(CDRDecodingError) {
    let backing: _LazyRecordBytes?? = jsonBytes.withContiguousStorageIfAvailable { buffer in
      var shapes = _MemberShapes()
      return _LazyRecordBytes.make(
        buffer, maximumDepth: JSONParser.defaultMaximumDepth, shapes: &shapes)
    }
    switch backing {
    case .some(.some(let backing)):
      self.init(_backing: backing)
    case .some(.none):
      self.init(try CallDetailRecord(jsonBytes: jsonBytes))
    case .none:
      // Bytes that are not contiguous (a lazy sequence's collection): copied first.
      try self.init(jsonBytes: Array(jsonBytes))
    }
  }

  /// Reads a record from JSON text, as ``init(jsonBytes:)`` reads its UTF-8 bytes.
  ///
  /// - Throws: ``CDRDecodingError``, the error ``CallDetailRecord/init(jsonText:)`` throws.
  public init(jsonText: String) throws(CDRDecodingError) {
    try self.init(jsonBytes: Array(jsonText.utf8))
  }

  /// Whether the record holds its eager form (after a fallback, a change or
  /// ``materialize()``) rather than its bytes.
  public var isMaterialized: Bool {
    if case .materialized = _state { return true }
    return false
  }

  /// The equivalent eager record: what ``CallDetailRecord/init(jsonBytes:)`` reads from the
  /// same bytes, with every change made since.
  ///
  /// For a record that holds its bytes, this decodes all of them (and keeps nothing: call
  /// ``materialize()`` to keep the result).
  public func materialized() -> CallDetailRecord {
    switch _state {
    case .materialized(let record): return record
    case .bytes(let backing):
      if let record = backing.eagerRecord() { return record }
      // Not reached: the bytes were validated when the record was made. Decoding them
      // on the general path still gives the reader's record rather than a crash.
      return (try? CallDetailRecord(jsonBytes: backing.bytes)) ?? CallDetailRecord(callID: "")
    }
  }

  /// Decodes the record into its eager form and keeps that form, so later reads are
  /// the eager record's stored properties. The bytes are dropped, and writing the record
  /// writes the eager form.
  public mutating func materialize() {
    if case .bytes = _state { _state = .materialized(materialized()) }
  }

  /// The record's identity for `Identifiable`: its ``callID``.
  public var id: String { callID }

  /// The leg's unique call id (`call_id`), the only property KAZOO's schema requires.
  public var callID: String {
    get {
      switch _state {
      case .materialized(let record): return record.callID
      case .bytes(let backing):
        var decoder = _FieldDecoder()
        if let member = backing.member(.callID),
          case .success(let callID?) = backing.decode(
            member, as: .callID, with: _MemberDecoding.callID, &decoder)
        {
          return callID
        }
        return materialized().callID
      }
    }
    set { _update(\.callID, to: newValue) }
  }

  /// Every key of the document that has no typed property, with its value unchanged (see
  /// ``CallDetailRecord/otherFields``).
  ///
  /// For a record that holds its bytes, each read builds the dictionary from those members;
  /// to read one member, ``otherField(_:)`` decodes just that one.
  public var otherFields: [String: JSONValue] {
    get {
      if case .bytes(let backing) = _state, case .success(let values) = backing.otherFields() {
        return values
      }
      return materialized().otherFields
    }
    set { _update(\.otherFields, to: newValue) }
    _modify {
      var record = _takeRecord()
      defer { _state = .materialized(record) }
      yield &record.otherFields
    }
  }

  /// The member `key` of ``otherFields`` (a key with no typed property), or `nil`; only
  /// that member is decoded.
  ///
  /// ```swift
  /// leg.otherField("transfer_history")?.objectValue?.count
  /// ```
  public func otherField(_ key: String) -> JSONValue? {
    switch _state {
    case .materialized(let record): return record.otherField(key)
    case .bytes(let backing):
      guard let member = backing.otherMember(key) else { return nil }
      if case .success(let value) = backing.value(member) { return value }
      return materialized().otherField(key)
    }
  }

  /// The type drifts the eager decoder notes for this record (see ``CDRDrift``), in the
  /// same order.
  ///
  /// For a record that holds its bytes, each read decodes the typed members that are not
  /// in their plain form (usually none).
  public var drifts: [CDRDrift] {
    get {
      if case .bytes(let backing) = _state, case .success(let drifts) = backing.drifts() {
        return drifts
      }
      return materialized().drifts
    }
    set { _update(\.drifts, to: newValue) }
  }

  /// The record as a JSON object's members (see ``CallDetailRecord/jsonObject``); built
  /// from the eager record.
  public var jsonObject: [String: JSONValue] { materialized().jsonObject }

  /// The record as a JSON value, an object (see ``CallDetailRecord/json``).
  public var json: JSONValue { materialized().json }

  /// The record as compact JSON text with keys in sorted order: the text
  /// ``CallDetailRecord/jsonText`` gives, taken from the original bytes when they already
  /// are that text.
  public var jsonText: String {
    if case .bytes(let backing) = _state, backing.isCanonical {
      return String(decoding: backing.bytes, as: UTF8.self)
    }
    return materialized().jsonText
  }

  /// Appends the record's compact JSON text (what `json.write(to:)` appends for the eager
  /// record) to `bytes`: the original bytes when they already are that text, otherwise the
  /// eager record's.
  ///
  /// ```swift
  /// var output: [UInt8] = []
  /// leg.write(to: &output)
  /// output.append(0x0A)
  /// ```
  public func write(to bytes: inout [UInt8]) {
    if case .bytes(let backing) = _state, backing.isCanonical {
      bytes.append(contentsOf: backing.bytes)
      return
    }
    materialized().json.write(to: &bytes)
  }

  /// Whether two records are equal as their eager records are: the same document and the
  /// same drift notes.
  public static func == (lhs: LazyCallDetailRecord, rhs: LazyCallDetailRecord) -> Bool {
    switch (lhs._state, rhs._state) {
    case (.bytes(let left), .bytes(let right)) where left === right || left.bytes == right.bytes:
      return true
    case (.materialized(let left), .materialized(let right)):
      return left == right
    default:
      return lhs.materialized() == rhs.materialized()
    }
  }

  /// Hashes the eager record, as ``CallDetailRecord`` hashes itself.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(materialized())
  }

  // MARK: - Property access

  /// A typed property: decoded from its member when the record holds its bytes (`nil` when
  /// it has no such member), read from the eager record otherwise.
  @inline(__always)
  func _member<Value>(
    _ field: _CDRField, _ property: KeyPath<CallDetailRecord, Value?>,
    _ decode: _MemberDecoding.Decode<Value>
  ) -> Value? {
    switch _state {
    case .materialized(let record): return record[keyPath: property]
    case .bytes(let backing):
      guard let member = backing.member(field) else { return nil }
      var decoder = _FieldDecoder()
      switch backing.decode(member, as: field, with: decode, &decoder) {
      case .success(let value): return value
      // Not reached (the bytes were validated); the eager record answers.
      case .failure: return materialized()[keyPath: property]
      }
    }
  }

  /// Changes one property of the eager record, materializing it first.
  mutating func _update<Value>(
    _ property: WritableKeyPath<CallDetailRecord, Value>, to value: Value
  ) {
    var record = _takeRecord()
    record[keyPath: property] = value
    _state = .materialized(record)
  }

  /// The eager record, moved out so that changing it does not copy its storage; the
  /// caller puts it back.
  mutating func _takeRecord() -> CallDetailRecord {
    let record = materialized()
    _state = .bytes(_LazyRecordBytes.vacant)
    return record
  }
}
