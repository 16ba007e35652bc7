import CDRKit

/// `sipheaders`: the `custom_sip_headers` rules of `CDRValidator`, `SIPHeaderName`,
/// `SIPHeaderValue` and `CustomSIPHeadersBuilder`.
///
/// The input is read two ways. When it parses as JSON, it becomes the `custom_sip_headers`
/// of a document. Otherwise (and also), it is cut at NUL bytes into name/value pieces,
/// the first byte of a name choosing its direction. Properties:
/// - the name and value initialisers accept exactly what an independent reference
///   (KAZOO's `^[a-zA-z0-9_\-]+$`, RFC 3261 `token`, no control but tab, no DEL, C1 or
///   U+2028/U+2029) accepts;
/// - strict mode reports every error exact mode reports, and only `strict.` rules besides;
/// - strict mode reports nothing under `/custom_sip_headers` exactly when the reference says
///   every header (flat, `in`, `out`) has a pattern-and-token name and a safe string value;
/// - whatever `CustomSIPHeadersBuilder` builds from token names and safe values validates
///   clean in strict mode, and its inbound and outbound views are the expected merges.
enum SIPHeadersTarget {
  static func run(_ data: [UInt8]) {
    if let headers = try? JSONValue(parsing: data) {
      checkDocument(headers)
    }
    let pieces = data.split(separator: 0, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    var builder = CustomSIPHeadersBuilder()
    var expectedBoth: [String: String] = [:]
    var expectedIn: [String: String] = [:]
    var expectedOut: [String: String] = [:]
    var flat: [String: JSONValue] = [:]
    var index = 0
    while index + 1 < pieces.count {
      let rawName = pieces[index]
      let rawValue = pieces[index + 1]
      index += 2
      checkInitialisers(name: rawName, value: rawValue)
      flat[rawName] = .string(rawValue)
      let direction: CustomSIPHeadersBuilder.Direction =
        switch (rawName.utf8.first ?? 0) % 3 {
        case 0: .both
        case 1: .inbound
        default: .outbound
        }
      guard let name = SIPHeaderName(token: rawName), let value = SIPHeaderValue(rawValue) else {
        continue
      }
      builder.set(name, value, direction: direction)
      switch direction {
      case .both: expectedBoth[rawName] = rawValue
      case .inbound: expectedIn[rawName] = rawValue
      case .outbound: expectedOut[rawName] = rawValue
      }
    }
    checkDocument(.object(flat))

    let built = builder.build()
    let report = CDRValidator(mode: .strict).validate(document(with: .object(built.rawValue)))
    require(
      report.violations.isEmpty,
      "built headers \(built.rawValue) are not clean: \(report.violations)")
    let expectedInbound = expectedBoth.merging(expectedIn) { _, specific in specific }
    let expectedOutbound = expectedBoth.merging(expectedOut) { _, specific in specific }
    require(built.inbound == expectedInbound, "inbound \(built.inbound) != \(expectedInbound)")
    require(built.outbound == expectedOutbound, "outbound \(built.outbound) != \(expectedOutbound)")
  }

  static func document(with headers: JSONValue) -> JSONValue {
    .object(["call_id": .string("fuzz"), "custom_sip_headers": headers])
  }

  static func checkInitialisers(name: String, value: String) {
    require(
      (SIPHeaderName(name) != nil) == referencePattern(name),
      "SIPHeaderName(\(name.debugDescription)) disagrees with the pattern")
    require(
      (SIPHeaderName(token: name) != nil) == (referencePattern(name) && referenceToken(name)),
      "SIPHeaderName(token: \(name.debugDescription)) disagrees with pattern+token")
    require(
      (SIPHeaderValue(value) != nil) == referenceSafe(value),
      "SIPHeaderValue(\(value.debugDescription)) disagrees with the reference rule")
  }

  static func checkDocument(_ headers: JSONValue) {
    let document = document(with: headers)
    let exact = CDRValidator(mode: .exact).validate(document)
    let strict = CDRValidator(mode: .strict).validate(document)
    _ = CDRValidator(mode: .lenient).validate(document)
    for error in exact.errors {
      require(
        strict.errors.contains(error),
        "strict mode misses exact error \(error) for \(headers.jsonText)")
    }
    for violation in strict.violations where !exact.violations.contains(violation) {
      require(
        violation.rule.rawValue.hasPrefix("strict."),
        "strict-only violation \(violation) has a non-strict rule for \(headers.jsonText)")
    }
    let clean = !strict.violations.contains { $0.path.hasPrefix("/custom_sip_headers") }
    require(
      clean == referenceStrictClean(headers),
      "strict verdict \(clean) disagrees with the reference for \(headers.jsonText): \(strict.violations)"
    )
  }

  // MARK: Independent reference

  /// KAZOO's `^[a-zA-z0-9_\-]+$`: the range `A-z` runs from 0x41 to 0x7A.
  static func referencePattern(_ name: String) -> Bool {
    !name.isEmpty
      && name.unicodeScalars.allSatisfy { scalar in
        (0x41...0x7A).contains(scalar.value) || (0x30...0x39).contains(scalar.value)
          || scalar == "-"
      }
  }

  /// RFC 3261: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").
  static func referenceToken(_ name: String) -> Bool {
    !name.isEmpty
      && name.unicodeScalars.allSatisfy { scalar in
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
          || "-.!%*_+`'~".unicodeScalars.contains(scalar)
      }
  }

  /// RFC 3261 header value text: tab, space, visible ASCII and non-ASCII, but no C1 control
  /// and no line or paragraph separator.
  static func referenceSafe(_ value: String) -> Bool {
    value.unicodeScalars.allSatisfy { scalar in
      if scalar == "\t" { return true }
      if scalar.value < 0x20 || scalar.value == 0x7F { return false }
      if (0x80...0x9F).contains(scalar.value) { return false }
      return scalar != "\u{2028}" && scalar != "\u{2029}"
    }
  }

  static func referenceHeaderMapClean(_ members: [String: JSONValue]) -> Bool {
    members.allSatisfy { name, value in
      guard case .string(let text) = value else { return false }
      return referencePattern(name) && referenceToken(name) && referenceSafe(text)
    }
  }

  /// Strict and clean: an object whose members other than `in`/`out` are clean headers and
  /// whose `in`/`out`, when present, are objects of clean headers.
  static func referenceStrictClean(_ headers: JSONValue) -> Bool {
    guard case .object(let members) = headers else { return false }
    var flat = members
    for direction in ["in", "out"] {
      guard let member = flat.removeValue(forKey: direction) else { continue }
      guard case .object(let inner) = member, referenceHeaderMapClean(inner) else { return false }
    }
    return referenceHeaderMapClean(flat)
  }
}
