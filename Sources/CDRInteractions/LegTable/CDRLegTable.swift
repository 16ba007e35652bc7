import CDRModel
import CDRTime
import Foundation

/// The legs a grouping needs, in columns: what ``InteractionGrouper`` reads to partition
/// legs into calls and to write their summary lines, without a ``CDRModel/CallDetailRecord``
/// per leg.
///
/// Per leg the table keeps the call id and every link key (`other_leg_call_id`,
/// `custom_channel_vars.bridge_id`, `channel_loopback_other_leg_id`, `interaction_id`) as
/// integers interned from their bytes (one arena holds each distinct id once), the channel
/// time (`CallDetailRecord.channelTimeMicroseconds`, in CDRTime), the end
/// (`CallDetailRecord.channelEndTime`, in CDRTime), billing and ringing seconds, the transfer
/// count, the account, owner, direction and loopback marker as numbers of a second interner
/// (they take few distinct values), and as bytes the caller and callee texts a summary line
/// shows: about 220 bytes a leg with the id and text arenas (for the generated benchmark
/// legs), a tenth of a decoded record. The document id, which only
/// orders two legs of one call id at the same time, is not kept: such a tie decodes both.
///
/// Build it from records you already have, or read NDJSON straight into it: the reader
/// projects only those members from each line (on every core) and decodes a line fully only
/// when one of them is not plain, so the table holds what the records would give.
///
/// ```swift
/// let (table, statistics) = try CDRLegTable.read(contentsOfFile: "cdrs.ndjson") { rejection in
///   print(rejection)
/// }
/// let grouper = InteractionGrouper()
/// let partition = grouper.partition(table)          // same components as from records
/// grouper.writeSummaryLines(of: table) { line in     // the lines `cdr interactions` prints
///   FileHandle.standardOutput.write(Data(line))
/// }
/// ```
///
/// A table read from a file goes back to the file for the rare legs it must decode in full
/// (an ordering tie between two legs of one call id at the same time, or a call whose
/// compared ids are not ASCII), so the file must not change while the table is in use; a table read
/// from bytes keeps a reference to them.
public struct CDRLegTable: Sendable {
  // Ids.
  var ids = _ByteInterner()
  /// Id number → whether some leg has it as its call id.
  var isCallID: [Bool] = []
  /// The number of the empty id, once interned.
  var emptyID: Int32 = -1

  // Columns, one entry per leg.
  var callIDs: [Int32] = []
  /// -1: absent.
  var otherLegs: [Int32] = []
  var bridges: [Int32] = []
  var loopbacks: [Int32] = []
  var interactionIDs: [Int32] = []
  var channelTimes: [Int64] = []
  /// `channelEndTime` in gregorian seconds.
  var ends: [Int64] = []
  var billing = _NarrowIntegers()
  var ringing = _NarrowIntegers()
  var transfers = _NarrowIntegers()
  /// ``Flags`` per leg.
  var flags: [UInt8] = []
  /// Labels: texts with few distinct values, interned once per table (-1: absent). The
  /// account is `custom_channel_vars.account_id`, else `pvt_account_id`; the marker
  /// (`CallDetailRecord.loopbackLegMarker`) is always present.
  var labels = _ByteInterner()
  var directions: [Int32] = []
  var accounts: [Int32] = []
  var owners: [Int32] = []
  var markers: [Int32] = []
  /// The numbers of the labels a projected leg names by a code (`inbound`, `outbound`, `A`,
  /// `B`, `_`), once interned: a cache, so such a leg interns no text for them.
  private var codedLabels = [Int32](repeating: -1, count: 5)
  /// Per leg (in a table that keeps texts): where its texts start in ``text``, one after
  /// another in ``Text`` order, with which are present and which need escaping
  /// (``TextRef``).
  var texts: [UInt64] = []
  /// Per leg: the lengths of its texts, sixteen bits each in ``Text`` order (0 when absent).
  var textLengths: [UInt64] = []
  var text: [UInt8] = []
  /// The texts kept per leg: every ``Text``, or none in a table for statistics, which
  /// summary lines cannot be written from.
  private(set) var textStride = Text.allCases.count
  /// Where each leg was read from, to decode it fully when an exact tie needs it.
  var sources: [_LegSource] = []
  /// Per leg: its source and (for byte sources) its line's offset and length.
  var sourceOfLeg: [Int32] = []
  var lineOffsets: [Int] = []
  var lineLengths = _NarrowIntegers()
  /// The legs' id sets joined while the table was read, for one set of links (see
  /// `_TableSink`); `nil` when the partition must join them itself.
  var joined: _JoinedLegs?

  /// The texts kept per leg, in ``texts`` order.
  enum Text: Int, CaseIterable {
    case callerIDNumber, callerIDName, calleeIDNumber, calleeIDName
  }

  /// The label columns.
  enum Label {
    case direction, account, owner, marker
  }

  /// Whether the caller and callee texts are kept (summary lines need them; statistics do
  /// not).
  package var keepsCallerAndCallee: Bool { textStride > 0 }

  /// Per-leg bits.
  enum Flags {
    /// `other_leg_call_id` is the leg's own call id.
    static let otherIsSelf: UInt8 = 1
    /// `bridge_id` is the leg's own call id.
    static let bridgeIsSelf: UInt8 = 2
    /// `channel_loopback_other_leg_id` is the leg's own call id.
    static let loopbackIsSelf: UInt8 = 4
    /// A compared text is not ASCII (or a text is too long to keep): string comparisons
    /// must follow `String`'s rules, so the leg's interaction is built from decoded records.
    static let exotic: UInt8 = 8
  }

  /// An empty table.
  public init() {}

  /// An empty table; without the caller and callee texts when `keepingCallerAndCallee` is
  /// `false` (a table for statistics).
  package init(keepingCallerAndCallee: Bool) {
    if !keepingCallerAndCallee { textStride = 0 }
  }

  /// The legs of `legs`, in order: the reference for every other way of building a table.
  public init(_ legs: [CallDetailRecord]) {
    self.init(legs, keepingCallerAndCallee: true)
  }

  /// The legs of `legs`, in order; see ``init(keepingCallerAndCallee:)``.
  package init(_ legs: [CallDetailRecord], keepingCallerAndCallee: Bool) {
    self.init(keepingCallerAndCallee: keepingCallerAndCallee)
    reserveCapacity(legs.count)
    let source = Int32(sources.count)
    sources.append(.records(legs, firstLeg: 0))
    for index in legs.indices { append(legs[index], source: source, line: 0..<0) }
  }

  /// The number of legs.
  public var count: Int { callIDs.count }

  /// Whether the table has no legs.
  public var isEmpty: Bool { callIDs.isEmpty }

  /// The call id of the leg at `index`.
  public func callID(at index: Int) -> String {
    idString(callIDs[index])
  }

  /// Appends the legs of `other` after this table's, in order.
  public mutating func append(contentsOf other: CDRLegTable) {
    appendRows(of: other)
    // Sets joined while this table was read do not cover the new legs.
    joined = nil
  }

  /// ``append(contentsOf:)``, keeping ``joined`` for the caller to bring up to date.
  mutating func appendRows(of other: CDRLegTable) {
    precondition(
      textStride == other.textStride, "tables with and without caller and callee texts")
    reserveCapacity(count + other.count)
    // A table done appending has freed its hashes (`releaseAppendingSpace()`).
    var otherIDs = other.ids
    otherIDs.restoreHashes()
    var map = [Int32](repeating: 0, count: otherIDs.count)
    otherIDs.bytes.withUnsafeBytes { arena in
      otherIDs.hashes.withUnsafeBufferPointer { hashes in
        let batch = 16
        for batchStart in stride(from: 0, to: otherIDs.count, by: batch) {
          let batchEnd = Swift.min(otherIDs.count, batchStart + batch)
          ids.warmSlots(for: UnsafeBufferPointer(rebasing: hashes[batchStart..<batchEnd]))
          for number in batchStart..<batchEnd {
            let range = otherIDs.range(Int32(number))
            map[number] = internID(
              UnsafeRawBufferPointer(rebasing: arena[range]), hash: hashes[number],
              isPlain: otherIDs.isPlain[number])
          }
        }
      }
    }
    var labelMap = [Int32](repeating: 0, count: other.labels.count)
    other.labels.bytes.withUnsafeBytes { arena in
      for number in 0..<other.labels.count {
        let range = other.labels.range(Int32(number))
        labelMap[number] = labels.intern(
          UnsafeRawBufferPointer(rebasing: arena[range]), hash: other.labels.hashes[number],
          isPlain: other.labels.isPlain[number])
      }
    }
    let firstLeg = callIDs.count
    Self.append(other.callIDs, to: &callIDs, through: map)
    isCallID.withUnsafeMutableBufferPointer { isCallID in
      for number in callIDs[firstLeg...] { isCallID[Int(number)] = true }
    }
    Self.append(other.otherLegs, to: &otherLegs, through: map)
    Self.append(other.bridges, to: &bridges, through: map)
    Self.append(other.loopbacks, to: &loopbacks, through: map)
    Self.append(other.interactionIDs, to: &interactionIDs, through: map)
    channelTimes.append(contentsOf: other.channelTimes)
    ends.append(contentsOf: other.ends)
    billing.append(contentsOf: other.billing)
    ringing.append(contentsOf: other.ringing)
    transfers.append(contentsOf: other.transfers)
    flags.append(contentsOf: other.flags)
    Self.append(other.directions, to: &directions, through: labelMap)
    Self.append(other.accounts, to: &accounts, through: labelMap)
    Self.append(other.owners, to: &owners, through: labelMap)
    Self.append(other.markers, to: &markers, through: labelMap)
    let base = UInt64(text.count)
    if text.count + other.text.count > text.capacity {
      text.reserveCapacity(Swift.max(text.count + other.text.count, text.capacity * 2))
    }
    text.append(contentsOf: other.text)
    Self.append(other.texts, to: &texts, adding: base)
    textLengths.append(contentsOf: other.textLengths)
    let sourceBase = Int32(sources.count)
    for source in other.sources { sources.append(source.shifted(by: count - other.count)) }
    Self.append(other.sourceOfLeg, to: &sourceOfLeg, adding: sourceBase)
    lineOffsets.append(contentsOf: other.lineOffsets)
    lineLengths.append(contentsOf: other.lineLengths)
  }

  /// Appends the numbers `source` renumbered by `map` (-1, absent, stays -1) to `target`,
  /// in one pass over reserved room.
  @inline(__always)
  private static func append(
    _ source: [Int32], to target: inout [Int32], through map: [Int32]
  ) {
    // Copied, then renumbered in place through buffers: the lazily mapped sequence went
    // through the generic copy, element by element.
    let start = target.count
    target.append(contentsOf: source)
    map.withUnsafeBufferPointer { map in
      target.withUnsafeMutableBufferPointer { target in
        for position in start..<target.count {
          let number = target[position]
          target[position] = number < 0 ? -1 : map[Int(number)]
        }
      }
    }
  }

  /// Appends `source` to `target` with `offset` added to each element, through buffers.
  @inline(__always)
  private static func append<Element: FixedWidthInteger>(
    _ source: [Element], to target: inout [Element], adding offset: Element
  ) {
    let start = target.count
    target.append(contentsOf: source)
    guard offset != 0 else { return }
    target.withUnsafeMutableBufferPointer { target in
      for position in start..<target.count { target[position] &+= offset }
    }
  }

  /// Frees what only appending needs (the id interner's lookup table and hashes, about a
  /// seventh of the table); appending again builds them anew.
  package mutating func releaseAppendingSpace() {
    ids.releaseLookup()
  }

  /// Makes room for `legs` legs in all; grows geometrically (an exact reservation on every
  /// appended piece would copy the columns each time).
  mutating func reserveCapacity(_ legs: Int) {
    guard legs > callIDs.capacity else { return }
    let legs = Swift.max(legs, callIDs.capacity * 2)
    callIDs.reserveCapacity(legs)
    otherLegs.reserveCapacity(legs)
    bridges.reserveCapacity(legs)
    loopbacks.reserveCapacity(legs)
    interactionIDs.reserveCapacity(legs)
    channelTimes.reserveCapacity(legs)
    ends.reserveCapacity(legs)
    billing.reserveCapacity(legs)
    ringing.reserveCapacity(legs)
    transfers.reserveCapacity(legs)
    flags.reserveCapacity(legs)
    directions.reserveCapacity(legs)
    accounts.reserveCapacity(legs)
    owners.reserveCapacity(legs)
    markers.reserveCapacity(legs)
    texts.reserveCapacity(textStride > 0 ? legs : 0)
    textLengths.reserveCapacity(textStride > 0 ? legs : 0)
    sourceOfLeg.reserveCapacity(legs)
    lineOffsets.reserveCapacity(legs)
    lineLengths.reserveCapacity(legs)
  }

  // MARK: - Ids and texts

  mutating func internID(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    internID(bytes, hash: _IDInterner.hash(bytes: bytes), isPlain: nil)
  }

  mutating func internID(_ bytes: UnsafeRawBufferPointer, hash: UInt64, isPlain: Bool?) -> Int32 {
    let number = ids.intern(bytes, hash: hash, isPlain: isPlain)
    if Int(number) == isCallID.count {
      isCallID.append(false)
      if bytes.isEmpty { emptyID = number }
    }
    return number
  }

  mutating func internID(_ text: String) -> Int32 {
    var text = text
    return text.withUTF8 { internID(UnsafeRawBufferPointer($0)) }
  }

  func idString(_ number: Int32) -> String {
    ids.bytes.withUnsafeBufferPointer { arena in
      String(decoding: UnsafeBufferPointer(rebasing: arena[ids.range(number)]), as: UTF8.self)
    }
  }

  /// A leg's entry in ``texts``: the start of its first text in ``text`` in the low 48
  /// bits, then a bit per ``Text`` for "present" and one for "needs escaping in JSON".
  enum TextRef {
    static let startMask: UInt64 = (1 << 48) - 1
    /// The longest text kept; a longer one makes its leg exotic (built from its record).
    static let maximumCount = 0xFFFF
    static func present(_ field: Int) -> UInt64 { 1 << (48 + UInt64(field)) }
    static func escapes(_ field: Int) -> UInt64 { 1 << (56 + UInt64(field)) }
  }

  /// Appends text `field` of the last leg (or `nil`); a leg's texts are appended in
  /// ``Text`` order, the first one starting its entry. Returns `false` when the text is too
  /// long to keep.
  mutating func appendText(
    _ bytes: UnsafeBufferPointer<UInt8>?, plain: Bool = false, field: Text
  ) -> Bool {
    if field.rawValue == 0 {
      texts.append(UInt64(text.count))
      textLengths.append(0)
    }
    var entry = texts[texts.count - 1]
    var lengths = textLengths[textLengths.count - 1]
    let kept = addText(bytes, plain: plain, field: field, entry: &entry, lengths: &lengths)
    texts[texts.count - 1] = entry
    textLengths[textLengths.count - 1] = lengths
    return kept
  }

  /// The four plain texts of a leg staged in `staging`, in ``Text`` order, each `nil` or
  /// plain (no escaping needed), as four ``appendText(_:plain:field:)`` calls would append
  /// them to the table: their bytes appended to the staged text, and the leg's entry and
  /// lengths made once; `kept` is `false` when a text is too long to keep (it is left out).
  @inline(__always)
  func stagePlainTexts(
    _ callerIDNumber: UnsafeBufferPointer<UInt8>?, _ callerIDName: UnsafeBufferPointer<UInt8>?,
    _ calleeIDNumber: UnsafeBufferPointer<UInt8>?, _ calleeIDName: UnsafeBufferPointer<UInt8>?,
    in staging: inout _StagedRows
  ) -> (entry: UInt64, lengths: UInt64, kept: Bool) {
    var entry = UInt64(text.count + staging.textCount)
    var lengths: UInt64 = 0
    var kept = true
    @inline(__always) func stage(_ bytes: UnsafeBufferPointer<UInt8>?, _ field: Text) {
      guard let bytes else { return }
      guard
        Self.markText(
          bytes, plain: true, field: field, arenaCount: text.count + staging.textCount,
          entry: &entry, lengths: &lengths)
      else {
        kept = false
        return
      }
      staging.appendText(bytes)
    }
    stage(callerIDNumber, .callerIDNumber)
    stage(callerIDName, .callerIDName)
    stage(calleeIDNumber, .calleeIDNumber)
    stage(calleeIDName, .calleeIDName)
    return (entry, lengths, kept)
  }

  /// Appends text `field` (or `nil`) to ``text``, marking it in the leg's `entry` and
  /// `lengths`; `false` (nothing appended) when it is too long to keep.
  @inline(__always)
  private mutating func addText(
    _ bytes: UnsafeBufferPointer<UInt8>?, plain: Bool, field: Text, entry: inout UInt64,
    lengths: inout UInt64
  ) -> Bool {
    guard let bytes else { return true }
    guard
      Self.markText(
        bytes, plain: plain, field: field, arenaCount: text.count, entry: &entry,
        lengths: &lengths)
    else { return false }
    text.append(contentsOf: bytes)
    return true
  }

  /// Marks text `field`, to be appended to a text arena of `arenaCount` bytes, in the
  /// leg's `entry` and `lengths`; `false` (nothing marked) when it is too long to keep.
  @inline(__always)
  private static func markText(
    _ bytes: UnsafeBufferPointer<UInt8>, plain: Bool, field: Text, arenaCount: Int,
    entry: inout UInt64, lengths: inout UInt64
  ) -> Bool {
    guard bytes.count <= TextRef.maximumCount, arenaCount < 1 << 46 else { return false }
    let position = field.rawValue
    entry |= TextRef.present(position)
    if !plain, !_ByteInterner.isPlain(UnsafeRawBufferPointer(bytes)) {
      entry |= TextRef.escapes(position)
    }
    lengths |= UInt64(bytes.count) << (16 * UInt64(position))
    return true
  }

  mutating func appendText(_ value: String?, field: Text) -> Bool {
    guard var value else { return appendText(nil as UnsafeBufferPointer<UInt8>?, field: field) }
    return value.withUTF8 { appendText($0, field: field) }
  }

  /// The range in ``text`` of text `field` of leg `leg`; `nil` when absent (or not kept).
  @inline(__always)
  func textRange(_ leg: Int, _ field: Text) -> Range<Int>? {
    guard textStride > 0 else { return nil }
    let entry = texts[leg]
    let position = field.rawValue
    guard entry & TextRef.present(position) != 0 else { return nil }
    let lengths = textLengths[leg]
    var start = Int(entry & TextRef.startMask)
    for earlier in 0..<position { start += Int((lengths >> (16 * UInt64(earlier))) & 0xFFFF) }
    return start..<(start + Int((lengths >> (16 * UInt64(position))) & 0xFFFF))
  }

  /// Whether text `field` of leg `leg` (present) needs escaping in JSON.
  @inline(__always)
  func textEscapes(_ leg: Int, _ field: Text) -> Bool {
    texts[leg] & TextRef.escapes(field.rawValue) != 0
  }

  /// The number of label `which` of leg `leg` in ``labels``; -1 when absent.
  @inline(__always)
  func label(_ leg: Int, _ which: Label) -> Int32 {
    switch which {
    case .direction: directions[leg]
    case .account: accounts[leg]
    case .owner: owners[leg]
    case .marker: markers[leg]
    }
  }

  /// The number of the label `text`, the `slot`th of ``codedLabels``.
  @inline(__always)
  private mutating func codedLabel(_ slot: Int, _ text: String) -> Int32 {
    let known = codedLabels[slot]
    if known >= 0 { return known }
    let number = internLabel(text)
    codedLabels[slot] = number
    return number
  }

  mutating func internLabel(_ value: String?) -> Int32 {
    guard var value else { return -1 }
    return value.withUTF8 { labels.intern(UnsafeRawBufferPointer($0)) }
  }

  mutating func internLabel(_ bytes: UnsafeBufferPointer<UInt8>?) -> Int32 {
    guard let bytes else { return -1 }
    return labels.intern(UnsafeRawBufferPointer(bytes))
  }

  /// ``internLabel(_:)-(UnsafeBufferPointer<UInt8>?)`` for a projected label, whose bytes
  /// are plain (the projection takes only strings without escapes), looking first at
  /// `last`, the label of the leg before in the same column (often the same: the legs of a
  /// call share their account).
  @inline(__always)
  private mutating func internPlainLabel(
    _ bytes: UnsafeBufferPointer<UInt8>?, orLast last: Int32?
  ) -> Int32 {
    guard let bytes else { return -1 }
    let raw = UnsafeRawBufferPointer(bytes)
    if let last, last >= 0, labels.holds(last, raw) { return last }
    return labels.intern(raw, hash: _IDInterner.hash(bytes: raw), isPlain: true)
  }

  // MARK: - Rows

  /// Appends a leg from its record.
  mutating func append(_ leg: CallDetailRecord, source: Int32, line: Range<Int>) {
    let callID = leg.callID
    let own = internID(callID)
    isCallID[Int(own)] = true
    callIDs.append(own)
    var bits: UInt8 = 0
    var exotic = !Self.isASCII(callID)
    func key(_ value: String?, selfBit: UInt8) -> Int32 {
      guard let value else { return -1 }
      if !Self.isASCII(value) { exotic = true }
      if value == callID { bits |= selfBit }
      return internID(value)
    }
    otherLegs.append(key(leg.otherLegCallID, selfBit: Flags.otherIsSelf))
    let vars = leg.customChannelVars
    bridges.append(key(vars?.bridgeID, selfBit: Flags.bridgeIsSelf))
    loopbacks.append(key(leg.channelLoopbackOtherLegID, selfBit: Flags.loopbackIsSelf))
    interactionIDs.append(key(leg.interactionID, selfBit: 0))
    channelTimes.append(leg.channelTimeMicroseconds)
    ends.append(leg.channelEndTime.rawValue)
    billing.append(leg.billingSeconds ?? 0)
    ringing.append(leg.ringingSeconds ?? 0)
    transfers.append(leg.transferCount)
    let account = vars?.accountID ?? leg.privateAccountID
    let owner = vars?.ownerID
    let marker = leg.loopbackLegMarker
    for compared in [account, owner, marker] {
      if let compared, !Self.isASCII(compared) { exotic = true }
    }
    directions.append(internLabel(leg.callDirection?.rawValue))
    accounts.append(internLabel(account))
    owners.append(internLabel(owner))
    markers.append(internLabel(marker))
    var kept = true
    if keepsCallerAndCallee {
      kept = appendText(leg.callerIDNumber, field: .callerIDNumber) && kept
      kept = appendText(leg.callerIDName, field: .callerIDName) && kept
      kept = appendText(leg.calleeIDNumber, field: .calleeIDNumber) && kept
      kept = appendText(leg.calleeIDName, field: .calleeIDName) && kept
    }
    if exotic || !kept { bits |= Flags.exotic }
    flags.append(bits)
    sourceOfLeg.append(source)
    lineOffsets.append(line.lowerBound)
    lineLengths.append(line.count)
  }

  /// Appends a leg from its projected fields in `buffer` (plain ASCII texts): its ids are
  /// interned in the table at once, its row is staged in `staging` (flushed into the table
  /// first when full). The caller flushes `staging` before it appends a leg another way and
  /// when it is done.
  mutating func append(
    _ fields: _LegFields, in buffer: UnsafeBufferPointer<UInt8>, source: Int32,
    line: Range<Int>, staging: inout _StagedRows
  ) {
    if staging.isFull { staging.flush(into: &self) }
    func bytes(_ range: Range<Int>?) -> UnsafeBufferPointer<UInt8>? {
      range.map { UnsafeBufferPointer(rebasing: buffer[$0]) }
    }
    /// The id of the bytes at `range`: `likely` when it holds them (no hash, no lookup),
    /// else interned.
    func id(_ range: Range<Int>?, likely: Int32 = -1) -> Int32 {
      guard let range else { return -1 }
      // A projected id is plain: the projection takes only strings without escapes.
      let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[range])
      if likely >= 0, ids.holds(likely, bytes) { return likely }
      return internID(bytes, hash: _IDInterner.hash(bytes: bytes), isPlain: true)
    }
    /// Whether `range` holds the same bytes as `known`: then it has `known`'s id, with no
    /// hash and no lookup (an A leg's bridge is its own call id, a B leg's its other leg's).
    func same(_ range: Range<Int>?, _ known: Range<Int>?) -> Bool {
      guard let range, let known, range.count == known.count, let base = buffer.baseAddress
      else { return false }
      return memcmpBytes(base + range.lowerBound, base + known.lowerBound, range.count)
    }
    // The legs of a call are often read one after the other: a B leg's call id is the A
    // leg's other leg, its other leg the A leg's call id, its interaction the A leg's.
    let previous = staging.previous
    let own = id(fields.callID, likely: previous.otherLeg)
    isCallID[Int(own)] = true
    var bits: UInt8 = 0
    let other =
      same(fields.otherLegCallID, fields.callID)
      ? own : id(fields.otherLegCallID, likely: previous.callID)
    if other == own { bits |= Flags.otherIsSelf }
    let bridge =
      same(fields.bridgeID, fields.callID)
      ? own : same(fields.bridgeID, fields.otherLegCallID) ? other : id(fields.bridgeID)
    if bridge == own { bits |= Flags.bridgeIsSelf }
    let loopback =
      same(fields.loopbackOtherLegID, fields.callID) ? own : id(fields.loopbackOtherLegID)
    if loopback == own { bits |= Flags.loopbackIsSelf }
    let interactionID = id(fields.interactionID, likely: previous.interactionID)
    let time = _LegTime.channelTime(
      created: fields.channelCreatedTime, timestamp: fields.timestamp,
      duration: fields.durationSeconds)
    let end = _LegTime.end(
      channelTime: time, timestamp: fields.timestamp, duration: fields.durationSeconds)
    var transferCount = 0
    if let disposition = bytes(fields.disposition),
      CallDetailRecord.mentionsTransfer(asciiBytes: disposition)
    {
      transferCount = 1
    }
    let direction: Int32
    switch fields.direction {
    case 1: direction = codedLabel(0, "inbound")
    case 2: direction = codedLabel(1, "outbound")
    default: direction = -1
    }
    let account = internPlainLabel(
      bytes(fields.channelAccountID ?? fields.privateAccountID),
      orLast: staging.lastAccount ?? accounts.last)
    let owner = internPlainLabel(bytes(fields.ownerID), orLast: staging.lastOwner ?? owners.last)
    let marker: Int32
    switch fields.loopbackLeg {
    case 1: marker = codedLabel(2, "A")
    case 2: marker = codedLabel(3, "B")
    default: marker = codedLabel(4, "_")
    }
    var entry: UInt64 = 0
    var lengths: UInt64 = 0
    if keepsCallerAndCallee {
      let texts = stagePlainTexts(
        bytes(fields.callerIDNumber), bytes(fields.callerIDName), bytes(fields.calleeIDNumber),
        bytes(fields.calleeIDName), in: &staging)
      entry = texts.entry
      lengths = texts.lengths
      if !texts.kept { bits |= Flags.exotic }
    }
    staging.append(
      callID: own, otherLeg: other, bridge: bridge, loopback: loopback,
      interactionID: interactionID, channelTime: time, end: end,
      billing: fields.billingSeconds ?? 0, ringing: fields.ringingSeconds ?? 0,
      transfers: transferCount, direction: direction, account: account, owner: owner,
      marker: marker, text: entry, textLengths: lengths, flags: bits, source: source, line: line)
  }

  static func isASCII(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytesAreASCII(UnsafeRawBufferPointer($0)) }
  }

  // MARK: - Decoding a leg fully

  /// The record of leg `index`, decoded again from where it was read; `nil` when its
  /// source can no longer be read.
  /// The bytes leg `index` was read from (its line), or `nil` for a leg made from a record
  /// or a line that can no longer be read.
  func lineBytes(at index: Int) -> ArraySlice<UInt8>? {
    switch sources[Int(sourceOfLeg[index])] {
    case .records: return nil
    case .bytes(let bytes, _):
      let range = lineOffsets[index]..<(lineOffsets[index] + lineLengths[index])
      guard range.upperBound <= bytes.count else { return nil }
      return bytes[range]
    case .file(let file, _):
      return file.read(offset: lineOffsets[index], count: lineLengths[index])?[...]
    }
  }

  func record(at index: Int) -> CallDetailRecord? {
    let source = sources[Int(sourceOfLeg[index])]
    switch source {
    case .records(let records, let firstLeg):
      return records[index - firstLeg]
    case .bytes(let bytes, let options):
      let range = lineOffsets[index]..<(lineOffsets[index] + lineLengths[index])
      guard range.upperBound <= bytes.count else { return nil }
      return Self.decode(bytes[range], options: options)
    case .file(let file, let options):
      guard let line = file.read(offset: lineOffsets[index], count: lineLengths[index])
      else { return nil }
      return Self.decode(line[...], options: options)
    }
  }

  private static func decode(_ line: ArraySlice<UInt8>, options: CDRReader.Options)
    -> CallDetailRecord?
  {
    let result = CDRReader(bytes: line, sourceName: "", options: options).readAll()
    return result.records.first
  }
}

/// Where legs of a ``CDRLegTable`` were read from.
enum _LegSource: Sendable {
  /// Records in memory; leg `i` of the table is `records[i - firstLeg]`.
  case records([CallDetailRecord], firstLeg: Int)
  /// NDJSON bytes in memory.
  case bytes([UInt8], CDRReader.Options)
  /// An NDJSON file, read again when a leg is needed.
  case file(_SourceFile, CDRReader.Options)

  func shifted(by legs: Int) -> _LegSource {
    if case .records(let records, let firstLeg) = self {
      return .records(records, firstLeg: firstLeg + legs)
    }
    return self
  }
}

/// `channelTimeMicroseconds` and `channelEndTime` from the raw members, for projected legs
/// (the record path reads the properties themselves; a test holds the two together).
enum _LegTime {
  static func channelTime(created: Int?, timestamp: Int?, duration: Int?) -> Int64 {
    if let created, created != 0 { return Int64(created) }
    let seconds = Int64(duration ?? 0)
    let start = GregorianSeconds(Int64(timestamp ?? 0)).adding(seconds == .min ? .max : -seconds)
    let unix = start.unixSeconds
    let (micros, overflow) = unix.multipliedReportingOverflow(by: 1_000_000)
    if overflow { return unix < 0 ? .min : .max }
    return micros
  }

  static func end(channelTime: Int64, timestamp: Int?, duration: Int?) -> Int64 {
    if let timestamp { return Int64(timestamp) }
    return GregorianSeconds(unixMicroseconds: channelTime).adding(Int64(duration ?? 0)).rawValue
  }
}

/// The file a table was read from, for reading its legs' lines again with `pread`, with
/// plain system calls rather than a `FileHandle` and `Data` per line (an input given twice
/// makes every leg tie with its copy, and each tie reads both lines).
///
/// The first read opens the file and keeps the descriptor until the table is gone, while
/// fewer than ``keptOpenLimit`` files are kept open by the whole process; the files past
/// that are opened and closed for each read, so a table of a thousand files holds at most
/// that many descriptors. (Opened and closed for every line, `cdr interactions F F` on
/// 95,000 legs took 0.60 s, against 0.41 s with the descriptor kept and 0.13 s for the
/// file once.) A file kept open is read as it was when first read again, even if it is
/// replaced or removed after that.
final class _SourceFile: @unchecked Sendable {
  let path: String
  /// Guarded by `lock`: the descriptor kept open (-1: none yet, or none kept).
  private var descriptor: Int32 = -1
  private let lock = NSLock()

  /// The most files kept open at once, in the whole process.
  static let keptOpenLimit = 16
  /// How many are kept open now.
  private static let keptOpen = _Counter()

  init(path: String) { self.path = path }

  deinit {
    if descriptor >= 0 {
      close(descriptor)
      Self.keptOpen.add(-1)
    }
  }

  /// `count` bytes at `offset`, or `nil` when they cannot all be read.
  func read(offset: Int, count: Int) -> [UInt8]? {
    guard offset >= 0, count >= 0 else { return nil }
    let (descriptor, closesAfter) = lock.withLock { () -> (Int32, Bool) in
      if self.descriptor >= 0 { return (self.descriptor, false) }
      let opened = open(path, O_RDONLY | O_CLOEXEC)
      guard opened >= 0 else { return (-1, false) }
      guard Self.keptOpen.add(1, limit: Self.keptOpenLimit) else { return (opened, true) }
      self.descriptor = opened
      return (opened, false)
    }
    guard descriptor >= 0 else { return nil }
    defer { if closesAfter { close(descriptor) } }
    var bytes = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
      let got = bytes.withUnsafeMutableBytes { buffer in
        pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
      }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else { return nil }
      done += got
    }
    return bytes
  }

  /// A count shared by threads, under a lock.
  private final class _Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Adds `amount`; with `limit`, only when the sum stays at or below it. Whether it was
    /// added.
    @discardableResult
    func add(_ amount: Int, limit: Int = .max) -> Bool {
      lock.withLock {
        guard value + amount <= limit else { return false }
        value += amount
        return true
      }
    }

    /// The count now.
    var current: Int { lock.withLock { value } }
  }

  /// How many files the process keeps open now (for tests).
  static var keptOpenCount: Int { keptOpen.current }
}
