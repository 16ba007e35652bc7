import CDRModel
import CDRTime

extension CallDetailRecord {
  /// Whether this leg comes before `other` within an interaction.
  ///
  /// KAZOO's order — channel time, then the loopback leg marker — with the channel time
  /// in one unit (see `channelTimeMicroseconds` in CDRTime), then call id, then document id, then
  /// the document text, so the order is total and does not depend on input order.
  public func precedesInInteraction(_ other: CallDetailRecord) -> Bool {
    let left = channelTimeMicroseconds
    let right = other.channelTimeMicroseconds
    if left != right { return left < right }
    let leftMarker = loopbackLegMarker
    let rightMarker = other.loopbackLegMarker
    if leftMarker != rightMarker {
      return leftMarker.utf8.lexicographicallyPrecedes(rightMarker.utf8)
    }
    if callID != other.callID { return callID.utf8.lexicographicallyPrecedes(other.callID.utf8) }
    let leftDocument = documentID ?? ""
    let rightDocument = other.documentID ?? ""
    if leftDocument != rightDocument {
      return leftDocument.utf8.lexicographicallyPrecedes(rightDocument.utf8)
    }
    return jsonText.utf8.lexicographicallyPrecedes(other.jsonText.utf8)
  }

  /// How many transfers this leg records: the entries of its `transfer_history` object
  /// when it has one, else 1 when its `disposition` mentions a transfer
  /// (`ATTENDED_TRANSFER`, `BLIND_TRANSFER`), else 0.
  public var transferCount: Int {
    if let history = otherField("transfer_history")?.objectValue { return history.count }
    if let disposition, Self.mentionsTransfer(disposition) { return 1 }
    return 0
  }

  private static let transferWord = Array("TRANSFER".utf8)

  /// Whether `disposition`, upper-cased, contains `TRANSFER`: byte by byte when it is
  /// ASCII (no allocation), through `uppercased()` otherwise (where `ſ`, for one, becomes
  /// `S`).
  static func mentionsTransfer(_ disposition: String) -> Bool {
    var text = disposition
    let ascii: Bool? = text.withUTF8 { bytes in
      guard bytesAreASCII(UnsafeRawBufferPointer(bytes)) else { return nil }
      return mentionsTransfer(asciiBytes: bytes)
    }
    return ascii ?? disposition.uppercased().contains("TRANSFER")
  }

  /// ``mentionsTransfer(_:)`` of an ASCII disposition given as bytes.
  static func mentionsTransfer(asciiBytes bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    do {
      let word = transferWord
      guard bytes.count >= word.count else { return false }
      for start in 0...(bytes.count - word.count) {
        var matches = true
        for offset in word.indices {
          var byte = bytes[start + offset]
          if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 0x20 }
          if byte != word[offset] {
            matches = false
            break
          }
        }
        if matches { return true }
      }
      return false
    }
  }
}
