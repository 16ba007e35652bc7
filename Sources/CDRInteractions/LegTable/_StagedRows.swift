/// The rows of projected legs, held in fixed room before a batch of them is appended to a
/// table's columns (``CDRLegTable/append(_:in:source:line:staging:)``).
///
/// Appending a leg column by column to a table's arrays costs a uniqueness check and a room
/// check per column, and a generic `append(contentsOf:)` per text: some twenty appends a
/// leg, as much as interning its ids. Here a row is stored through pointers, and a batch of
/// rows goes into the table with one append per column (``flush(into:)``).
///
/// The rows wait for the table: a caller flushes before it appends a leg another way, and
/// before it reads the table's columns. Ids are not staged (they are interned in the table
/// as each leg is read, so later legs find them), and neither is which id is a call id.
struct _StagedRows: ~Copyable {
  /// The rows held before they are flushed.
  static let capacity = 256
  private(set) var count = 0
  private let callIDs: UnsafeMutablePointer<Int32>
  private let otherLegs: UnsafeMutablePointer<Int32>
  private let bridges: UnsafeMutablePointer<Int32>
  private let loopbacks: UnsafeMutablePointer<Int32>
  private let interactionIDs: UnsafeMutablePointer<Int32>
  private let directions: UnsafeMutablePointer<Int32>
  private let accounts: UnsafeMutablePointer<Int32>
  private let owners: UnsafeMutablePointer<Int32>
  private let markers: UnsafeMutablePointer<Int32>
  private let sourceOfLeg: UnsafeMutablePointer<Int32>
  private let channelTimes: UnsafeMutablePointer<Int64>
  private let ends: UnsafeMutablePointer<Int64>
  private let billing: UnsafeMutablePointer<Int>
  private let ringing: UnsafeMutablePointer<Int>
  private let transfers: UnsafeMutablePointer<Int>
  private let lineOffsets: UnsafeMutablePointer<Int>
  private let lineLengths: UnsafeMutablePointer<Int>
  private let flags: UnsafeMutablePointer<UInt8>
  private let texts: UnsafeMutablePointer<UInt64>
  private let textLengths: UnsafeMutablePointer<UInt64>
  /// The staged rows' caller and callee texts, back to back.
  private var text = _ByteBuffer(capacity: 64 * capacity)

  init() {
    func room<Element>(_: Element.Type) -> UnsafeMutablePointer<Element> {
      .allocate(capacity: Self.capacity)
    }
    callIDs = room(Int32.self)
    otherLegs = room(Int32.self)
    bridges = room(Int32.self)
    loopbacks = room(Int32.self)
    interactionIDs = room(Int32.self)
    directions = room(Int32.self)
    accounts = room(Int32.self)
    owners = room(Int32.self)
    markers = room(Int32.self)
    sourceOfLeg = room(Int32.self)
    channelTimes = room(Int64.self)
    ends = room(Int64.self)
    billing = room(Int.self)
    ringing = room(Int.self)
    transfers = room(Int.self)
    lineOffsets = room(Int.self)
    lineLengths = room(Int.self)
    flags = room(UInt8.self)
    texts = room(UInt64.self)
    textLengths = room(UInt64.self)
  }

  deinit {
    callIDs.deallocate()
    otherLegs.deallocate()
    bridges.deallocate()
    loopbacks.deallocate()
    interactionIDs.deallocate()
    directions.deallocate()
    accounts.deallocate()
    owners.deallocate()
    markers.deallocate()
    sourceOfLeg.deallocate()
    channelTimes.deallocate()
    ends.deallocate()
    billing.deallocate()
    ringing.deallocate()
    transfers.deallocate()
    lineOffsets.deallocate()
    lineLengths.deallocate()
    flags.deallocate()
    texts.deallocate()
    textLengths.deallocate()
  }

  /// Whether no more rows fit before a flush.
  var isFull: Bool { count == Self.capacity }

  /// The bytes of text staged, which the table's text arena gets after its own.
  var textCount: Int { text.count }

  /// The call id, other leg and interaction id of the row staged last, kept across
  /// flushes (-1: none yet, or absent).
  private(set) var previous: (callID: Int32, otherLeg: Int32, interactionID: Int32) = (-1, -1, -1)

  /// The account and owner labels of the last staged row, if any.
  var lastAccount: Int32? { count > 0 ? accounts[count - 1] : nil }
  var lastOwner: Int32? { count > 0 ? owners[count - 1] : nil }

  /// Appends `bytes` to the staged text.
  @inline(__always)
  mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
    text.append(bytes)
  }

  /// Stages one row (there must be room: flush when ``isFull``).
  @inline(__always)
  mutating func append(
    callID: Int32, otherLeg: Int32, bridge: Int32, loopback: Int32, interactionID: Int32,
    channelTime: Int64, end: Int64, billing billed: Int, ringing rung: Int,
    transfers transferCount: Int, direction: Int32, account: Int32, owner: Int32,
    marker: Int32, text entry: UInt64, textLengths lengths: UInt64, flags bits: UInt8,
    source: Int32, line: Range<Int>
  ) {
    let row = count
    callIDs[row] = callID
    otherLegs[row] = otherLeg
    bridges[row] = bridge
    loopbacks[row] = loopback
    interactionIDs[row] = interactionID
    channelTimes[row] = channelTime
    ends[row] = end
    billing[row] = billed
    ringing[row] = rung
    transfers[row] = transferCount
    directions[row] = direction
    accounts[row] = account
    owners[row] = owner
    markers[row] = marker
    texts[row] = entry
    textLengths[row] = lengths
    flags[row] = bits
    sourceOfLeg[row] = source
    lineOffsets[row] = line.lowerBound
    lineLengths[row] = line.count
    count = row + 1
    previous = (callID, otherLeg, interactionID)
  }

  /// Appends the staged rows to `table`'s columns, in order, and empties the stage.
  mutating func flush(into table: inout CDRLegTable) {
    guard count > 0 else { return }
    let rows = count
    func buffer<Element>(_ column: UnsafeMutablePointer<Element>) -> UnsafeBufferPointer<Element> {
      UnsafeBufferPointer(start: column, count: rows)
    }
    table.callIDs.append(contentsOf: buffer(callIDs))
    table.otherLegs.append(contentsOf: buffer(otherLegs))
    table.bridges.append(contentsOf: buffer(bridges))
    table.loopbacks.append(contentsOf: buffer(loopbacks))
    table.interactionIDs.append(contentsOf: buffer(interactionIDs))
    table.channelTimes.append(contentsOf: buffer(channelTimes))
    table.ends.append(contentsOf: buffer(ends))
    table.billing.append(contentsOf: buffer(billing))
    table.ringing.append(contentsOf: buffer(ringing))
    table.transfers.append(contentsOf: buffer(transfers))
    table.flags.append(contentsOf: buffer(flags))
    table.directions.append(contentsOf: buffer(directions))
    table.accounts.append(contentsOf: buffer(accounts))
    table.owners.append(contentsOf: buffer(owners))
    table.markers.append(contentsOf: buffer(markers))
    if table.keepsCallerAndCallee {
      table.texts.append(contentsOf: buffer(texts))
      table.textLengths.append(contentsOf: buffer(textLengths))
      text.withBytes { table.text.append(contentsOf: $0) }
    }
    table.sourceOfLeg.append(contentsOf: buffer(sourceOfLeg))
    table.lineOffsets.append(contentsOf: buffer(lineOffsets))
    table.lineLengths.append(contentsOf: buffer(lineLengths))
    count = 0
    text.removeAll()
  }
}
