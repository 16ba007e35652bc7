import CDRKit

/// `resync`: a broken record among good ones, in the three layouts a reader resynchronizes
/// in (a `jq`-style pretty array, pretty documents one after another, a compact array).
///
/// The input's bytes pick the layout, the number of records, their values, which record
/// breaks and which of its structural bytes (`{ } [ ] " , :`) is removed. Properties:
/// - no record is accepted twice;
/// - every record but the broken one and the one right after it (which it may run into)
///   is accepted, and equals its input;
/// - the counts add up (accepted + rejected = read);
/// - reading the same bytes through a pipe in 1–16-byte chunks gives the same events.
enum ResyncTarget {
  static func run(_ data: [UInt8]) {
    guard data.count >= 4 else { return }
    let layout = data[0] % 3
    let count = 2 + Int(data[1] % 24)
    let values = Array(data.dropFirst(4))
    let records = (0..<count).map { record($0, values: values) }
    let texts = records.map { layout == 2 ? $0.compact : $0.pretty(indent: layout == 0 ? 2 : 0) }
    var input: [UInt8] = []
    var ranges: [Range<Int>] = []
    if layout != 1 { input += Array((layout == 0 ? "[\n" : "[").utf8) }
    for (index, text) in texts.enumerated() {
      if index > 0 { input += Array((layout == 0 ? ",\n" : layout == 1 ? "\n" : ",").utf8) }
      if layout == 0 { input += Array("  ".utf8) }
      ranges.append(input.count..<(input.count + text.count))
      input += text
    }
    if layout != 1 { input += Array((layout == 0 ? "\n]" : "]").utf8) }

    let victim = Int(data[2]) % count
    let structural = ranges[victim].filter { Array("{}[]\",:".utf8).contains(input[$0]) }
    guard !structural.isEmpty else { return }
    var broken = input
    broken.remove(at: structural[Int(data[3]) % structural.count])

    let result = CDRReader(bytes: broken, sourceName: ReaderTarget.sourceName).readAll()
    let ids = result.records.map(\.callID)
    require(Set(ids).count == ids.count, "a record accepted twice: \(ids) from \(show(broken))")
    require(
      result.statistics.read == result.statistics.accepted + result.statistics.rejected,
      "counts do not add up for \(show(broken))")
    for number in 0..<count where number != victim && number != victim + 1 {
      require(ids.contains("leg-\(number)"), "intact leg-\(number) lost from \(show(broken))")
    }
    for record in result.records where record.callID != "leg-\(victim)" {
      guard let number = Int(record.callID.dropFirst(4)), number < count,
        let original = try? JSONValue(parsing: records[number].compact)
      else {
        require(false, "an accepted record that was never written: \(record.callID)")
        return
      }
      require(record.json == original, "\(record.callID) differs from its input")
    }
    for chunkSize in [1, 3, 16] {
      guard
        let piped = ReaderTarget.readThroughPipe(
          broken, options: CDRReader.Options(), chunkSize: chunkSize)
      else { continue }
      require(piped.records == result.records, "records differ in chunks of \(chunkSize)")
      require(
        piped.rejections.map(\.reason) == result.rejections.map(\.reason)
          && piped.rejections.map(\.location.line) == result.rejections.map(\.location.line),
        "rejections differ in chunks of \(chunkSize)")
    }
  }

  /// One record: a call id, a string and a number from the input, an inner object and an
  /// inner array, so that every kind of structural byte occurs.
  private static func record(_ number: Int, values: [UInt8]) -> Record {
    let byte = values.isEmpty ? UInt8(number) : values[number % values.count]
    // Letters only, so the string needs no escape and the fuzzer varies lengths and text.
    let word = String(
      (0..<Int(byte % 9)).map {
        Character(Unicode.Scalar(UInt8(ascii: "a") + (byte &+ UInt8($0)) % 26))
      })
    return Record(members: [
      ("call_id", "\"leg-\(number)\""),
      ("caller_id_name", "\"\(word)\""),
      ("duration_seconds", "\(Int(byte) * 7)"),
      ("custom_channel_vars", "{\"account_id\":\"acc\",\"bridge_id\":\"b\(number / 2)\"}"),
      ("tags", "[\"x\",\(byte)]"),
    ])
  }

  struct Record {
    var members: [(key: String, value: String)]

    var compact: [UInt8] {
      Array(("{" + members.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}").utf8)
    }

    /// `jq`-style: one member a line, nested values as they are, closing brace at `indent`.
    func pretty(indent: Int) -> [UInt8] {
      let pad = String(repeating: " ", count: indent)
      let lines = members.map { pad + "  \"\($0.key)\": \($0.value)" }
      return Array(("{\n" + lines.joined(separator: ",\n") + "\n" + pad + "}").utf8)
    }
  }
}
