import CDRModel
import CDRTime

/// Per component of a partitioned leg table, the keys ``Interaction/precedes(_:)`` orders
/// calls by: its start (gregorian seconds) and its interaction id's bytes. The one
/// definition behind the order of summary lines and the counting order of statistics.
struct _ComponentKeys {
  private(set) var starts: [Int64] = []
  /// Component → the range of its id in ``idText``.
  private(set) var idRanges: [Range<Int>] = []
  private(set) var idText: [UInt8] = []
  /// Component → whether its keys come from its decoded ``Interaction`` (a leg with a text
  /// that is not ASCII), whose ids then compare as `String`s.
  private var decoded: [Bool] = []

  init(reservingCapacity count: Int) {
    starts.reserveCapacity(count)
    idRanges.reserveCapacity(count)
    decoded.reserveCapacity(count)
    // Room for ids of 48 bytes on average (gregorian seconds, a dash and a key or a call id):
    // grown by doubling from empty, the text was copied a dozen times, each time into pages
    // touched anew. Room that is never written is never touched.
    idText.reserveCapacity(count * 48)
  }

  /// Appends the keys of a component read from its decoded interaction.
  mutating func append(_ interaction: Interaction) {
    starts.append(interaction.start.rawValue)
    appendID(interaction.id.utf8)
    decoded.append(true)
  }

  /// Appends the keys of the component of `legs` (in leg order) from the table's columns:
  /// the first leg's start, and the interaction id every leg that has one shares, else
  /// `START-FIRST_CALL_ID`, as ``Interaction`` names a call.
  mutating func append(legs: ArraySlice<Int>, of table: CDRLegTable) {
    table.ids.bytes.withUnsafeBufferPointer { idBytes in
      legs.withUnsafeBufferPointer { legs in append(legs: legs, of: table, idBytes: idBytes) }
    }
  }

  /// ``append(legs:of:)`` with the legs and the table's id arena (`table.ids.bytes`) as
  /// buffers, for a caller appending every component: slices of the arrays would cost a
  /// retain and a release each.
  mutating func append(
    legs: UnsafeBufferPointer<Int>, of table: CDRLegTable, idBytes: UnsafeBufferPointer<UInt8>
  ) {
    let first = legs[0]
    let start = GregorianSeconds(unixMicroseconds: table.channelTimes[first]).rawValue
    starts.append(start)
    let idStart = idText.count
    if let shared = Self.sharedInteractionID(legs, table: table) {
      idText.append(contentsOf: UnsafeBufferPointer(rebasing: idBytes[table.ids.range(shared)]))
    } else {
      idText.append(contentsOf: String(start).utf8)
      idText.append(UInt8(ascii: "-"))
      idText.append(
        contentsOf: UnsafeBufferPointer(rebasing: idBytes[table.ids.range(table.callIDs[first])]))
    }
    idRanges.append(idStart..<idText.count)
    decoded.append(false)
  }

  private mutating func appendID(_ bytes: some Collection<UInt8>) {
    let start = idText.count
    idText.append(contentsOf: bytes)
    idRanges.append(start..<idText.count)
  }

  /// Gives `component` the id `id`.
  mutating func setID(_ id: String, of component: Int) {
    let start = idText.count
    idText.append(contentsOf: id.utf8)
    idRanges[component] = start..<idText.count
  }

  /// The id of `component`.
  func id(of component: Int) -> String {
    String(decoding: idText[idRanges[component]], as: UTF8.self)
  }

  /// The components in ``Interaction/precedes(_:)`` order: start, then id, then the first
  /// legs in leg order (`firstLeg`: a component's first leg).
  func order(table: CDRLegTable, firstLeg: (Int) -> Int) -> [Int] {
    let legOrder = _TableLegOrder(table: table)
    return idText.withUnsafeBufferPointer { text in
      starts.indices.sorted { left, right in
        if starts[left] != starts[right] { return starts[left] < starts[right] }
        let leftID = UnsafeBufferPointer(rebasing: text[idRanges[left]])
        let rightID = UnsafeBufferPointer(rebasing: text[idRanges[right]])
        if !leftID.elementsEqual(rightID) {
          if !(decoded[left] || decoded[right])
            || String(decoding: leftID, as: UTF8.self) != String(decoding: rightID, as: UTF8.self)
          {
            return bytesPrecede(leftID, rightID)
          }
        }
        return legOrder.precedes(firstLeg(left), firstLeg(right))
      }
    }
  }

  /// Whether every component's id is ASCII and no two are the same: then they are distinct
  /// as `String`s too, and no id needs changing (the common case, decided from the bytes
  /// without a `String` per id).
  func idsAreDistinctASCII() -> Bool {
    idText.withUnsafeBytes { text in
      guard bytesAreASCII(text) else { return false }
      // Distinct hashes prove distinct ids; equal hashes (a repeated id, or very rarely a
      // collision) leave the decision to the full rule. The hashes go into an open-addressing
      // set of at least 3/2 as many slots (under 24 bytes per id), one pass instead of a
      // sort; a slot holds the hash with its lowest bit set, so 0 marks an empty one.
      var size = 16
      while size * 2 < idRanges.count * 3 { size <<= 1 }
      var slots = [UInt64](repeating: 0, count: size)
      let mask = size - 1
      return slots.withUnsafeMutableBufferPointer { slots in
        for range in idRanges {
          let hash = _IDInterner.hash(bytes: UnsafeRawBufferPointer(rebasing: text[range]))
          let entry = hash | 1
          var slot = Int(truncatingIfNeeded: hash >> 7) & mask
          while slots[slot] != 0 {
            // Equal but for the lowest bit also counts as a repeat: the full rule decides.
            if slots[slot] == entry { return false }
            slot = (slot + 1) & mask
          }
          slots[slot] = entry
        }
        return true
      }
    }
  }

  /// The interaction id the legs share when exactly one distinct one is present.
  private static func sharedInteractionID(_ legs: UnsafeBufferPointer<Int>, table: CDRLegTable)
    -> Int32?
  {
    var shared: Int32 = -1
    for leg in legs {
      let id = table.interactionIDs[leg]
      if id < 0 { continue }
      if shared < 0 {
        shared = id
      } else if shared != id {
        return nil
      }
    }
    return shared < 0 ? nil : shared
  }
}
