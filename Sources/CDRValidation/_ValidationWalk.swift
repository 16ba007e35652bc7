import CDRModel

/// One validation pass over a document: collects violations.
struct _ValidationWalk {
  let mode: CDRValidationMode
  let schemaVersion: CDRSchemaVersion
  private(set) var violations: [CDRViolation] = []

  init(mode: CDRValidationMode, schemaVersion: CDRSchemaVersion) {
    self.mode = mode
    self.schemaVersion = schemaVersion
  }

  private var lenient: Bool { mode == .lenient }

  static let headerPattern = #"^[a-zA-z0-9_\-]+$"#

  /// Violations ordered by path; at one path, in the order they were found.
  func sortedViolations() -> [CDRViolation] {
    violations.enumerated().sorted { lhs, rhs in
      if lhs.element.path != rhs.element.path {
        return lhs.element.path.utf8.lexicographicallyPrecedes(rhs.element.path.utf8)
      }
      return lhs.offset < rhs.offset
    }.map(\.element)
  }

  private mutating func add(
    _ path: String, _ rule: CDRValidationRule, _ message: String,
    _ severity: CDRViolation.Severity = .error
  ) {
    violations.append(CDRViolation(path: path, rule: rule, severity: severity, message: message))
  }

  /// A short rendering of a value for messages.
  static func show(_ value: JSONValue) -> String {
    let text: String
    switch value {
    case .array(let elements): text = "[…\(elements.count) elements]"
    case .object(let members): text = "{…\(members.count) members}"
    default: text = value.jsonText
    }
    let short = text.count > 60 ? String(text.prefix(57)) + "…" : text
    return "\(value.typeName) \(short)"
  }

  static func child(_ path: String, _ key: String) -> String {
    path + "/" + JSONPointer.escape(key)
  }

  // MARK: Document

  mutating func validateDocument(_ document: JSONValue) {
    guard case .object(let allMembers) = document else {
      add("", .type, "expected the document to be an object, found \(Self.show(document))")
      return
    }
    if allMembers["call_id"] == nil {
      add("/call_id", .required, "the required property call_id is missing")
    }
    let fields = _CDRSchema.fields(schemaVersion)
    if lenient { checkListingStart(allMembers) }
    // Members are visited in dictionary order; the report is sorted by path at the end.
    for (key, value) in allMembers where !_CDRSchema.isPrivateKey(key) {
      let path = Self.child("", key)
      if let kind = fields[key] ?? (lenient ? _CDRSchema.kazoo43[key] : nil) {
        check(value, kind: kind, path: path)
      } else if lenient {
        if _CDRSchema.booleanExtras.contains(key) { checkBooleanExtra(value, path: path) }
      } else {
        let only43 = _CDRSchema.kazoo43[key] != nil ? " (it is listed only in the 4.3 schema)" : ""
        add(
          path, .additionalProperties,
          "property \(key) is not in KAZOO's cdrs schema (\(schemaVersion.rawValue))\(only43)")
      }
    }
  }

  private mutating func check(_ value: JSONValue, kind: _FieldKind, path: String) {
    switch kind {
    case .string: checkString(value, path: path)
    case .integer: checkInteger(value, path: path)
    case .object:
      if value.objectValue == nil {
        add(path, .type, "expected an object, found \(Self.show(value))")
      }
    case .callDirection: checkCallDirection(value, path: path)
    case .customChannelVars: checkChannelVars(value, path: path)
    case .customSIPHeaders: checkSIPHeaders(value, path: path)
    }
  }

  // MARK: Scalars

  private mutating func checkString(_ value: JSONValue, path: String) {
    switch value {
    case .string: return
    case .number where lenient, .bool where lenient:
      add(
        path, .type, "expected a string, found \(Self.show(value)); KAZOO reads it as text",
        .warning)
    default:
      add(path, .type, "expected a string, found \(Self.show(value))")
    }
  }

  private mutating func checkInteger(_ value: JSONValue, path: String) {
    switch value {
    case .number(let number) where number.isInteger:
      return
    case .number(let number):
      if lenient, let rounded = number.roundedInt64Value {
        add(
          path, .type,
          "expected an integer, found number \(number.literal); KAZOO rounds it to \(rounded)",
          .warning)
      } else {
        add(path, .type, "expected an integer, found number \(number.literal)")
      }
    case .string(let text):
      if lenient, let number = JSONNumber(text), let read = number.roundedInt64Value {
        add(
          path, .type,
          "expected an integer, found string \(value.jsonText); KAZOO reads it as \(read)",
          .warning)
      } else {
        add(path, .type, "expected an integer, found \(Self.show(value))")
      }
    default:
      add(path, .type, "expected an integer, found \(Self.show(value))")
    }
  }

  private mutating func checkCallDirection(_ value: JSONValue, path: String) {
    guard case .string(let text) = value else {
      add(path, .type, "expected a string, found \(Self.show(value))")
      add(path, .enum, "call_direction must be \"inbound\" or \"outbound\"")
      return
    }
    if _CDRSchema.callDirections.contains(text) { return }
    if lenient, _CDRSchema.callDirections.contains(text.lowercased()) {
      add(
        path, .enum,
        "call_direction \(value.jsonText) is not lower case (\"inbound\" or \"outbound\")",
        .warning)
    } else {
      add(path, .enum, "call_direction \(value.jsonText) is not \"inbound\" or \"outbound\"")
    }
  }

  private mutating func checkBooleanExtra(_ value: JSONValue, path: String) {
    switch value {
    case .bool: return
    case .string("true"), .string("false"):
      add(path, .type, "expected a Boolean, found string \(value.jsonText)", .warning)
    default:
      add(path, .type, "expected a Boolean, found \(Self.show(value))")
    }
  }

  // MARK: custom_channel_vars

  private mutating func checkChannelVars(_ value: JSONValue, path: String) {
    guard case .object(let members) = value else {
      add(path, .type, "expected an object, found \(Self.show(value))")
      return
    }
    for (key, member) in members {
      let memberPath = Self.child(path, key)
      switch member {
      case .string: continue
      case .bool where lenient, .number where lenient:
        add(
          memberPath, .type,
          "channel variable values are strings, found \(Self.show(member)); KAZOO writes this drift itself",
          .warning)
      default:
        add(memberPath, .type, "channel variable values are strings, found \(Self.show(member))")
      }
    }
    if lenient { checkRating(members, path: path) }
  }

  /// The rating inputs KAZOO reads (under either spelling): text that is not a number
  /// fails KAZOO's listing page; a `rate` between 0 and 1 is probably dollars.
  private mutating func checkRating(_ members: [String: JSONValue], path: String) {
    for (key, header) in Self.ratingKeys {
      for name in [header, key] {
        guard let value = members[name] else { continue }
        let memberPath = Self.child(path, name)
        let number: Double?
        switch value {
        case .number(let found): number = found.doubleValue
        case .string(let text):
          // What KAZOO's integer cast accepts: a number in text, spaces and `+` allowed.
          var trimmed = Substring(text)
          while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
          while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
          if trimmed.first == "+" { trimmed.removeFirst() }
          number = JSONNumber(String(trimmed))?.doubleValue
        default: number = nil
        }
        guard let number else {
          add(
            memberPath, .listing,
            "\(name) is not a number (\(Self.show(value))): KAZOO's listing fails the whole page "
              + "on it; CDRKit rates the leg with the default", .warning)
          continue
        }
        if key == "rate", number > 0, number < 1 {
          add(
            memberPath, .listing,
            "\(name) \(value.jsonText) looks like dollars; KAZOO stores rates in units of 1/10000 "
              + "dollar and reads this as 0, so the leg is likely billed 0", .warning)
        }
      }
    }
  }

  /// A leg with a `timestamp` whose listing start S = `timestamp − duration_seconds` falls
  /// before year 0: KAZOO's date formatting fails the listing page. (A document without a
  /// `timestamp` is not a stored CDR; it is not flagged here.)
  private mutating func checkListingStart(_ members: [String: JSONValue]) {
    guard members["timestamp"] != nil else { return }
    func integer(_ key: String) -> Int64? {
      guard let value = members[key] else { return 0 }
      switch value {
      case .number(let number): return number.roundedInt64Value
      case .string(let text): return JSONNumber(text)?.roundedInt64Value
      default: return 0
      }
    }
    guard let timestamp = integer("timestamp"), let duration = integer("duration_seconds") else {
      return
    }
    let (start, overflow) = timestamp.subtractingReportingOverflow(duration)
    guard overflow || start < 0 else { return }
    add(
      "/timestamp", .listing,
      "the leg starts before year 0 (timestamp − duration_seconds = \(overflow ? "overflow" : String(start))): "
        + "KAZOO's listing fails the whole page on it; CDRKit formats it with the proleptic calendar",
      .warning)
  }

  /// The rating channel variables: stored name and KAZOO's header spelling.
  static let ratingKeys: [(String, String)] = [
    ("rate", "Rate"), ("rate_increment", "Rate-Increment"), ("rate_minimum", "Rate-Minimum"),
    ("surcharge", "Surcharge"), ("rate_nocharge_time", "Rate-NoCharge-Time"),
    ("discount_percentage", "Discount-Percentage"),
    ("billing_seconds_offset", "Billing-Seconds-Offset"),
  ]

  // MARK: custom_sip_headers

  /// Violations of one flat header map (`custom_sip_headers.json`): names match the pattern,
  /// values are strings.
  static func flatMapViolations(_ members: [String: JSONValue], path: String) -> [CDRViolation] {
    var found: [CDRViolation] = []
    for (key, member) in members {
      let memberPath = child(path, key)
      if !_SIPHeaderRules.matchesKazooPattern(key) {
        found.append(
          CDRViolation(
            path: memberPath, rule: .additionalProperties, severity: .error,
            message: "header name \(JSONValue.string(key).jsonText) does not match \(headerPattern)"
          ))
      }
      if member.stringValue == nil {
        found.append(
          CDRViolation(
            path: memberPath, rule: .type, severity: .error,
            message: "header values are strings, found \(show(member))"))
      }
    }
    return found
  }

  private mutating func checkSIPHeaders(_ value: JSONValue, path: String) {
    guard case .object(let members) = value else {
      add(path, .type, "expected an object, found \(Self.show(value))")
      return
    }
    // Alternative 1: the whole object is a flat header map.
    var flat = Self.flatMapViolations(members, path: path)
    // Alternative 2: `in` and `out`, when present, are flat maps; nothing else is checked.
    var inOut: [CDRViolation] = []
    var hasDirectionObject = false
    for direction in ["in", "out"] {
      guard let member = members[direction] else { continue }
      let memberPath = Self.child(path, direction)
      if case .object(let headers) = member {
        hasDirectionObject = true
        inOut += Self.flatMapViolations(headers, path: memberPath)
      } else {
        inOut.append(
          CDRViolation(
            path: memberPath, rule: .type, severity: .error,
            message: "expected an object of headers, found \(Self.show(member))"))
      }
    }
    if !flat.isEmpty && !inOut.isEmpty {
      // Sorted here because the message quotes the first reason of each alternative.
      flat.sort { $0.path < $1.path }
      inOut.sort { $0.path < $1.path }
      add(
        path, .anyOf,
        "custom_sip_headers is neither a flat header map (\(flat[0].message)) nor an in/out object (\(inOut[0].message))"
      )
      violations += hasDirectionObject ? inOut : flat
    }
    if mode == .strict { checkStrictHeaders(members, path: path) }
  }

  /// Strict mode: every header KAZOO would use (flat members other than `in`/`out`, and the
  /// members of the `in` and `out` objects) must have a KAZOO-pattern RFC 3261 token name
  /// and a string value without control characters (tab excepted), DEL, C1 controls or
  /// U+2028/U+2029. Paths already reported are not repeated.
  private mutating func checkStrictHeaders(_ members: [String: JSONValue], path: String) {
    let reported = Set(violations.map(\.path))
    var entries: [(name: String, value: JSONValue, path: String)] = []
    for (key, member) in members {
      let memberPath = Self.child(path, key)
      if key == "in" || key == "out" {
        if case .object(let headers) = member {
          for (name, header) in headers {
            entries.append((name, header, Self.child(memberPath, name)))
          }
        } else if !reported.contains(memberPath) {
          add(
            memberPath, .strictHeaderType,
            "\(key) is reserved for the \(key == "in" ? "inbound" : "outbound") header object and is ignored as a header by KAZOO; KAZOO's schema accepts it"
          )
        }
      } else {
        entries.append((key, member, memberPath))
      }
    }
    for entry in entries where !reported.contains(entry.path) {
      let quoted = JSONValue.string(entry.name).jsonText
      if !_SIPHeaderRules.matchesKazooPattern(entry.name) {
        add(
          entry.path, .strictHeaderName,
          "header name \(quoted) does not match \(Self.headerPattern); KAZOO's schema lets it through its second anyOf alternative"
        )
      } else if !_SIPHeaderRules.isToken(entry.name) {
        add(
          entry.path, .strictHeaderName,
          "header name \(quoted) is not an RFC 3261 token; KAZOO's pattern accepts it")
      }
      switch entry.value {
      case .string(let text):
        if let unsafe = _SIPHeaderRules.firstUnsafeScalar(in: text) {
          add(
            entry.path, .strictHeaderValue,
            "header value contains \(_SIPHeaderRules.name(of: unsafe)), which RFC 3261 does not allow"
              + " (header injection); KAZOO's schema accepts it")
        }
      default:
        add(
          entry.path, .strictHeaderType,
          "header values are strings, found \(Self.show(entry.value)); KAZOO's schema lets it through its second anyOf alternative"
        )
      }
    }
  }
}
