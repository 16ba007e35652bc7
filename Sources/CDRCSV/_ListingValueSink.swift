import CDRModel
import CDRTime

/// Collects a listing row's columns as the JSON values of ``CDRListingRow/values``.
struct _ListingValueSink: _ListingSink {
  var values: [JSONValue] = []

  init(capacity: Int) {
    values.reserveCapacity(capacity)
  }

  mutating func text(_ value: String?) { values.append(.string(value ?? "")) }

  mutating func integer(_ value: Int?) {
    values.append(value.map { .number(JSONNumber($0)) } ?? .string(""))
  }

  mutating func decimal(_ value: Int64) { values.append(.string(String(value))) }

  mutating func stored(_ value: JSONValue?) { values.append(value ?? .string("")) }

  mutating func list(_ value: JSONValue?) {
    switch value {
    case .array(let elements): values.append(.array(elements))
    case .some(let scalar): values.append(.array([scalar]))
    case .none: values.append(.array([]))
    }
  }

  mutating func time(_ instant: GregorianSeconds, _ format: _ListingTimeFormat) {
    let text =
      switch format {
      case .prettyPrinted(let style): instant.prettyPrinted(style: style)
      case .rfc1036: instant.rfc1036()
      case .iso8601Date: instant.iso8601Date
      case .iso8601Combined: instant.iso8601Combined()
      }
    values.append(.string(text))
  }

  mutating func float(_ value: Double) { values.append(.string(KazooFloatText.format(value))) }
}
