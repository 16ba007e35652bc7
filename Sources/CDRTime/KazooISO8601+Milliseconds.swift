extension KazooISO8601 {
  /// Removes a three-digit millisecond part `.mmm` that follows the time and precedes the
  /// offset or the end (`kz_time:trim_iso8601_ms/1`); other text is returned unchanged.
  ///
  /// ```swift
  /// KazooISO8601.trimmingMilliseconds("2019-10-09T18:36:13.000Z")  // "2019-10-09T18:36:13Z"
  /// ```
  public static func trimmingMilliseconds(_ text: String) -> String {
    let bytes = Array(text.utf8)
    guard let point = timeEnd(bytes), point + 4 <= bytes.count, bytes[point] == UInt8(ascii: "."),
      bytes[(point + 1)..<(point + 4)].allSatisfy({ $0 >= 48 && $0 <= 57 }),
      point + 4 == bytes.count || isOffsetStart(bytes[point + 4])
    else { return text }
    return String(decoding: bytes[..<point] + bytes[(point + 4)...], as: UTF8.self)
  }

  /// Inserts `.000` after the time when it has no millisecond part
  /// (`kz_time:maybe_add_iso8601_ms_suffix/1`); other text is returned unchanged.
  ///
  /// ```swift
  /// KazooISO8601.addingMilliseconds("20191009T183613-05")  // "20191009T183613.000-05"
  /// ```
  public static func addingMilliseconds(_ text: String) -> String {
    let bytes = Array(text.utf8)
    guard let end = timeEnd(bytes), end == bytes.count || isOffsetStart(bytes[end]) else {
      return text
    }
    return String(decoding: bytes[..<end] + Array(".000".utf8) + bytes[end...], as: UTF8.self)
  }

  /// The index just after the time digits and colons that follow `T`, when there are some.
  private static func timeEnd(_ bytes: [UInt8]) -> Int? {
    guard let marker = bytes.firstIndex(of: UInt8(ascii: "T")) else { return nil }
    var index = marker + 1
    while index < bytes.count,
      (bytes[index] >= 48 && bytes[index] <= 57) || bytes[index] == UInt8(ascii: ":")
    {
      index += 1
    }
    return index > marker + 1 ? index : nil
  }

  private static func isOffsetStart(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
  }
}
