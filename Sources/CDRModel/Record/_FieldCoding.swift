/// Reads top-level members into typed values the way KAZOO's accessors cast them,
/// collecting a ``CDRDrift`` for every tolerated deviation.
struct _FieldDecoder {
  var drifts: [CDRDrift] = []

  mutating func note(
    _ key: String, _ kind: CDRDrift.Kind, _ original: JSONValue, _ interpreted: JSONValue?
  ) {
    drifts.append(
      CDRDrift(
        path: "/" + JSONPointer.escape(key), kind: kind, original: original,
        interpretedAs: interpreted))
  }

  mutating func string(_ key: String, _ value: JSONValue) -> String? {
    switch value {
    case .string(let text): return text
    case .number(let number):
      note(key, .stringFromNumber, value, .string(number.literal))
      return number.literal
    case .bool(let flag):
      let text = flag ? "true" : "false"
      note(key, .stringFromBoolean, value, .string(text))
      return text
    default:
      note(key, .unreadable(expected: "a string"), value, nil)
      return nil
    }
  }

  mutating func integer(_ key: String, _ value: JSONValue) -> Int? {
    switch value {
    case .number(let number):
      if let exact = number.int64Value { return Int(exact) }
      if let rounded = number.roundedInt64Value {
        note(key, .integerFromFraction, value, .number(JSONNumber(rounded)))
        return Int(rounded)
      }
    case .string(let text):
      let trimmed = text.trimmingASCIIWhitespace()
      if let number = JSONNumber(trimmed) ?? JSONNumber(trimmed.droppingLeadingPlus()) {
        if let exact = number.int64Value {
          note(key, .integerFromString, value, .number(JSONNumber(exact)))
          return Int(exact)
        }
        if let rounded = number.roundedInt64Value {
          note(key, .integerFromFraction, value, .number(JSONNumber(rounded)))
          return Int(rounded)
        }
      }
    default: break
    }
    note(key, .unreadable(expected: "an integer"), value, nil)
    return nil
  }

  mutating func boolean(_ key: String, _ value: JSONValue) -> Bool? {
    switch value {
    case .bool(let flag): return flag
    case .string("true"):
      note(key, .booleanFromString, value, .bool(true))
      return true
    case .string("false"):
      note(key, .booleanFromString, value, .bool(false))
      return false
    default:
      note(key, .unreadable(expected: "a Boolean"), value, nil)
      return nil
    }
  }

  mutating func direction(_ key: String, _ value: JSONValue) -> CallDirection? {
    guard case .string(let text) = value else {
      note(key, .unreadable(expected: "a string"), value, nil)
      return nil
    }
    let direction = CallDirection(rawValue: text)
    if case .other = direction { note(key, .unknownEnumValue, value, value) }
    return direction
  }

  mutating func loopbackLeg(_ key: String, _ value: JSONValue) -> LoopbackLeg? {
    guard case .string(let text) = value else {
      note(key, .unreadable(expected: "a string"), value, nil)
      return nil
    }
    return LoopbackLeg(rawValue: text)
  }

  mutating func object(_ key: String, _ value: JSONValue) -> [String: JSONValue]? {
    guard case .object(let members) = value else {
      note(key, .unreadable(expected: "an object"), value, nil)
      return nil
    }
    return members
  }

  mutating func channelVars(_ key: String, _ value: JSONValue) -> CustomChannelVars? {
    object(key, value).map(CustomChannelVars.init(values:))
  }

  mutating func sipHeaders(_ key: String, _ value: JSONValue) -> CustomSIPHeaders? {
    object(key, value).map(CustomSIPHeaders.init(rawValue:))
  }

  mutating func stringList(_ key: String, _ value: JSONValue) -> [String]? {
    switch value {
    case .array(let elements):
      var texts: [String] = []
      texts.reserveCapacity(elements.count)
      for element in elements {
        guard case .string(let text) = element else {
          note(key, .unreadable(expected: "an array of strings"), value, nil)
          return nil
        }
        texts.append(text)
      }
      return texts
    case .string(let text):
      note(key, .listFromScalar, value, .array([value]))
      return [text]
    default:
      note(key, .unreadable(expected: "an array of strings"), value, nil)
      return nil
    }
  }
}

/// Writes typed values back to JSON, restoring a drifted value's original form when the
/// typed value still equals what was read from it.
struct _FieldEncoder {
  let originals: [String: CDRDrift]

  init(drifts: [CDRDrift]) {
    var originals: [String: CDRDrift] = [:]
    for drift in drifts {
      guard drift.restoresOriginal, let key = JSONPointer.topLevelKey(drift.path) else { continue }
      originals[key] = drift
    }
    self.originals = originals
  }

  func put(_ key: String, _ value: JSONValue?, into object: inout [String: JSONValue]) {
    if let drift = originals[key], drift.interpretedAs == value {
      object[key] = drift.original
    } else if let value {
      object[key] = value
    }
  }

  static func string(_ value: String) -> JSONValue { .string(value) }
  static func integer(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
  static func boolean(_ value: Bool) -> JSONValue { .bool(value) }
  static func direction(_ value: CallDirection) -> JSONValue { .string(value.rawValue) }
  static func loopbackLeg(_ value: LoopbackLeg) -> JSONValue { .string(value.rawValue) }
}

extension String {
  func trimmingASCIIWhitespace() -> String {
    let utf8 = self.utf8
    guard let first = utf8.firstIndex(where: { !$0.isASCIIWhitespace }) else { return "" }
    let last = utf8.lastIndex(where: { !$0.isASCIIWhitespace })!
    if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return self }
    return String(self[first...last])
  }

  func droppingLeadingPlus() -> String {
    hasPrefix("+") ? String(dropFirst()) : self
  }
}

extension UInt8 {
  var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
