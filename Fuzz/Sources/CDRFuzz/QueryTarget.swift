import CDRKit

/// `query`: `QueryString(_:)`, `CDRFilter(query:)` and `PageRequest(query:now:)` on
/// arbitrary text, and the filters evaluated against fixed documents.
///
/// Properties:
/// - what parses, written back with every byte outside the unreserved set percent-encoded,
///   parses to the same pairs and the same filter;
/// - a filter clause and its negation (`filter_X` / `filter_not_X`, `has_key` /
///   `key_missing`, `has_value` / `value_missing`) never both admit a document;
/// - evaluation never traps, on documents of every shape.
enum QueryTarget {
  static let documents: [JSONValue] = [
    #"{"call_id":"c1","call_direction":"inbound","pvt_created":63700000000,"pvt_modified":63700000005,"custom_channel_vars":{"owner_id":"u1","account_id":"a1","is_fax":"false","nested":{"x":[1,"2",null]}},"custom_sip_headers":{"in":{"X-A":"1"}},"duration_seconds":12,"billing_seconds":"10","other_leg_call_id":"c2","hangup_cause":"NORMAL_CLEARING","from_uri":"100@example.com"}"#,
    #"{"call_id":"202001-abcdef","pvt_created":"63700000000","custom_channel_vars":[],"empty":"","zero":0,"nothing":null,"list":[],"obj":{},"t":true}"#,
    #"[1,2,3]"#,
    #""just a string""#,
    #"{}"#,
  ].compactMap { try? JSONValue(parsing: $0) }

  static let records: [CallDetailRecord] = documents.compactMap { try? CallDetailRecord(json: $0) }

  static func run(_ data: [UInt8]) {
    let text = String(decoding: data, as: UTF8.self)
    guard let query = try? QueryString(text) else { return }
    let filter = CDRFilter(query: query)

    let encoded = query.pairs.map { percentEncode($0.key) + "=" + percentEncode($0.value) }
      .joined(separator: "&")
    let reparsed = try? QueryString(encoded)
    require(reparsed == query, "\(text.debugDescription) re-encoded as \(encoded.debugDescription)")
    require(reparsed.map(CDRFilter.init(query:)) == filter, "filter changed on re-encoding")

    _ = try? PageRequest(query: query, now: GregorianSeconds(63_700_000_000))
    for record in records { _ = filter.matches(record) }
    for document in documents {
      _ = filter.matches(document: document)
      for clause in filter.clauses {
        guard let negation = negated(clause) else { continue }
        let admits = CDRFilter([clause]).matches(document: document)
        let negationAdmits = CDRFilter([negation]).matches(document: document)
        require(
          !(admits && negationAdmits),
          "\(clause) and \(negation) both admit \(document.jsonText) (query \(text.debugDescription))"
        )
      }
    }
  }

  static func negated(_ clause: CDRFilter.Clause) -> CDRFilter.Clause? {
    switch clause {
    case .equals(let path, let value): .notEquals(path: path, value: value)
    case .notEquals(let path, let value): .equals(path: path, value: value)
    case .hasKey(let path): .keyMissing(path)
    case .keyMissing(let path): .hasKey(path)
    case .hasValue(let path): .valueMissing(path)
    case .valueMissing(let path): .hasValue(path)
    default: nil
    }
  }

  /// RFC 3986 percent-encoding of everything but the unreserved characters.
  static func percentEncode(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var bytes: [UInt8] = []
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"):
        bytes.append(byte)
      default:
        bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
