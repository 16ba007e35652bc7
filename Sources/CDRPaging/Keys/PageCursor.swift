/// CDRKit's opaque, versioned, checksummed paging cursor.
///
/// It records the last key a page returned (pages resume strictly after it), what was
/// listed (``Listing``), the sort key and the direction, so a cursor cannot be replayed
/// against another listing. The text is URL-safe base64 without padding:
///
/// | bytes | content |
/// |---|---|
/// | 2 | magic `C` `K` |
/// | 1 | format version (1) |
/// | 1 | listing: 0 legs, 1 interactions |
/// | 1 | sort key: 0 `pvt_created`, 1 listing start time |
/// | 1 | direction: 0 descending, 1 ascending |
/// | 8 | time, big-endian two's complement |
/// | 2 | id length, big-endian |
/// | n | id, UTF-8 |
/// | 4 | CRC-32 (IEEE) of everything before, big-endian |
///
/// ```swift
/// let cursor = PageCursor(listing: .legs, sortKey: .created, direction: .descending,
///                         last: PageKey(time: 63746438400, id: "202001-abc"))
/// try PageCursor(parsing: cursor.text) == cursor   // true
/// ```
public struct PageCursor: Sendable, Hashable {
  /// What a cursor pages over.
  public enum Listing: UInt8, Sendable, Hashable, Codable {
    /// Individual legs keyed by (sort time, document id).
    case legs = 0
    /// Interactions keyed by (interaction_time, interaction_key).
    case interactions = 1
  }

  /// The current format version.
  public static let version: UInt8 = 1
  private static let magic: [UInt8] = [0x43, 0x4B]

  /// The listing this cursor belongs to.
  public var listing: Listing
  /// The sort key of the listing.
  public var sortKey: LegSortKey
  /// The direction of the listing.
  public var direction: PageDirection
  /// The last key the previous page returned.
  public var last: PageKey

  /// Creates a cursor.
  public init(listing: Listing, sortKey: LegSortKey, direction: PageDirection, last: PageKey) {
    self.listing = listing
    self.sortKey = sortKey
    self.direction = direction
    self.last = last
  }

  /// The cursor's text.
  public var text: String {
    var bytes = Self.magic
    bytes.append(Self.version)
    bytes.append(listing.rawValue)
    bytes.append(sortKey == .created ? 0 : 1)
    bytes.append(direction == .descending ? 0 : 1)
    let time = UInt64(bitPattern: last.time)
    for shift in stride(from: 56, through: 0, by: -8) {
      bytes.append(UInt8((time >> UInt64(shift)) & 0xFF))
    }
    let id = Array(last.id.utf8.prefix(65535))
    bytes += [UInt8(id.count >> 8), UInt8(id.count & 0xFF)]
    bytes += id
    let checksum = _CRC32.checksum(bytes)
    for shift in stride(from: 24, through: 0, by: -8) {
      bytes.append(UInt8((checksum >> UInt32(shift)) & 0xFF))
    }
    return Base64URL.encode(bytes)
  }

  /// Whether the text carries CDRKit's magic prefix (so it is not a KAZOO key).
  static func hasMagic(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

  /// Reads a cursor's text.
  ///
  /// - Throws: ``CursorError`` for text that is not base64url, truncated, foreign, from an
  ///   unknown version, or altered.
  public init(parsing text: String) throws(CursorError) {
    guard let bytes = Base64URL.decode(text) else { throw .notBase64URL }
    try self.init(bytes: bytes)
  }

  init(bytes: [UInt8]) throws(CursorError) {
    guard bytes.count >= 2 else {
      throw bytes.isEmpty || Self.magic.starts(with: bytes) ? .truncated : .foreign
    }
    guard Self.hasMagic(bytes) else { throw .foreign }
    guard bytes.count >= 3 else { throw .truncated }
    guard bytes[2] == Self.version else { throw .unsupportedVersion(bytes[2]) }
    let fixed = 2 + 1 + 3 + 8 + 2
    guard bytes.count >= fixed + 4 else { throw .truncated }
    let idLength = Int(bytes[fixed - 2]) << 8 | Int(bytes[fixed - 1])
    guard bytes.count >= fixed + idLength + 4 else { throw .truncated }
    guard bytes.count == fixed + idLength + 4 else { throw .checksumMismatch }
    let body = bytes[0..<(fixed + idLength)]
    let stored = bytes[(fixed + idLength)...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    guard _CRC32.checksum(body) == stored else { throw .checksumMismatch }
    guard let listing = Listing(rawValue: bytes[3]), bytes[4] <= 1, bytes[5] <= 1 else {
      throw .foreign
    }
    guard let id = String(validating: bytes[fixed..<(fixed + idLength)], as: UTF8.self) else {
      throw .foreign
    }
    let time = bytes[6..<14].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    self.init(
      listing: listing, sortKey: bytes[4] == 0 ? .created : .listingStart,
      direction: bytes[5] == 0 ? .descending : .ascending,
      last: PageKey(time: Int64(bitPattern: time), id: id))
  }
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320).
enum _CRC32 {
  static let table: [UInt32] = (0..<256).map { index -> UInt32 in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
    return value
  }

  static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }
}
