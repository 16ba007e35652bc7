import CDRKit

/// `cursor`: CDRKit's page cursors and KAZOO's `start_key` (base64url of the Erlang External
/// Term Format) on arbitrary text and bytes.
///
/// Properties:
/// - whatever `PageCursor(parsing:)` accepts re-encodes to text that parses back equal;
/// - a cursor built from the input's fields encodes to text that parses back equal;
/// - whatever `KazooStartKey(parsing:)` accepts re-encodes to text that parses back equal,
///   with the same `time`;
/// - whatever `ErlangTerm(externalFormat:)` accepts re-encodes to bytes that decode back
///   equal; a term with a JSON reading survives `ErlangTerm(json:)` with the same reading;
/// - `Base64URL` decodes its own encoding to the same bytes.
enum CursorTarget {
  static func run(_ data: [UInt8]) {
    let text = String(decoding: data, as: UTF8.self)

    if let cursor = try? PageCursor(parsing: text) {
      let again = try? PageCursor(parsing: cursor.text)
      require(again == cursor, "cursor \(text.debugDescription) does not re-encode")
    }
    if data.count >= 12 {
      var time: UInt64 = 0
      for byte in data[3..<11] { time = time << 8 | UInt64(byte) }
      let cursor = PageCursor(
        listing: data[0] & 1 == 0 ? .legs : .interactions,
        sortKey: data[1] & 1 == 0 ? .created : .listingStart,
        direction: data[2] & 1 == 0 ? .descending : .ascending,
        last: PageKey(
          time: Int64(bitPattern: time), id: String(decoding: data[11...], as: UTF8.self)))
      let parsed = Result { () throws(CursorError) in try PageCursor(parsing: cursor.text) }
      require(parsed == .success(cursor), "built cursor \(cursor) parses as \(parsed)")
    }

    if let key = try? KazooStartKey(parsing: text) {
      let again = try? KazooStartKey(parsing: key.text)
      require(again == key, "start_key \(text.debugDescription) re-encodes as \(key.text)")
      require(again?.time == key.time, "start_key time changed")
    }

    if let term = try? ErlangTerm(externalFormat: data) {
      checkTerm(term, source: data)
    }
    if let bytes = Base64URL.decode(text) {
      require(
        Base64URL.decode(Base64URL.encode(bytes)) == bytes,
        "base64url round trip fails for \(text.debugDescription)")
      if let term = try? ErlangTerm(externalFormat: bytes) { checkTerm(term, source: bytes) }
    }
  }

  static func checkTerm(_ term: ErlangTerm, source: [UInt8]) {
    let encoded = term.externalFormat
    let decoded = Result { () throws(ErlangTermError) in try ErlangTerm(externalFormat: encoded) }
    require(decoded == .success(term), "term from \(source) re-encodes to \(encoded): \(decoded)")
    if let json = term.json {
      let back = ErlangTerm(json: json)
      require(back?.json == json, "term JSON \(json.jsonText) does not survive ErlangTerm(json:)")
    }
  }
}
