import CDRModel
import CDRTestSupport
import CDRValidation
import Foundation
import Testing

/// 10,000 seeded random mutations of real documents: the validator never traps, and its
/// reports keep properties that hold whatever the input.
@Suite struct MutationCorpusTests {
  static let seeds: [JSONValue] = {
    var documents: [JSONValue] = [
      [
        "call_id": "a",
        "custom_sip_headers": ["X-A": "1", "in": ["X-B": "2"], "out": ["X[1]": "3"]],
        "custom_channel_vars": ["account_id": "x", "privacy_hide_name": false],
        "custom_application_vars": ["k": 1],
      ]
    ]
    let root = FixtureVerdictTests.root
    for file in [
      "calls/bridged-pair.ndjson", "calls/legacy-string-typed.ndjson", "calls/loopback.ndjson",
    ] {
      if let reader = try? CDRReader(contentsOfFile: root.appendingPathComponent(file).path) {
        documents += reader.readAll().records.map(\.json)
      }
    }
    return documents
  }()

  static let keys = [
    "call_id", "timestamp", "call_direction", "custom_sip_headers", "custom_channel_vars",
    "custom_application_vars", "in", "out", "_id", "pvt_x", "X-Foo\n", "X[1]", "a/b~c", "",
    "interaction_time", "channel_is_loopback", "é", "duration_seconds",
  ]

  static func randomValue(_ random: inout SeededGenerator, depth: Int) -> JSONValue {
    switch random.below(depth > 2 ? 9 : 11) {
    case 0: return .null
    case 1: return .bool(random.below(2) == 0)
    case 2: return .number(JSONNumber(Int64(bitPattern: random.next())))
    case 3:
      return .number(
        JSONNumber(
          ["1.5", "12.0", "1e2", "-0", "1E+400", "-9223372036854775809"][random.below(6)])!)
    case 4:
      return .string(
        ["12", "true", "false", "inbound", "OUTBOUND", "a\r\nb", "\u{0}", "57.4", ""][
          random.below(9)])
    case 5, 6: return .string(keys[random.below(keys.count)])
    case 7: return .number(JSONNumber(Double(random.below(1000)) / 7))
    case 8: return .string(String(repeating: "x", count: random.below(100)))
    case 9:
      return .array((0..<random.below(4)).map { _ in randomValue(&random, depth: depth + 1) })
    default:
      var members: [String: JSONValue] = [:]
      for _ in 0..<random.below(4) {
        members[keys[random.below(keys.count)]] = randomValue(&random, depth: depth + 1)
      }
      return .object(members)
    }
  }

  /// Replaces, deletes or adds a member somewhere along a random path.
  static func mutate(_ value: JSONValue, _ random: inout SeededGenerator, depth: Int = 0)
    -> JSONValue
  {
    switch value {
    case .object(var members) where random.below(4) != 0:
      let action = random.below(3)
      if action == 0, let key = members.keys.sorted().randomElement(using: &random) {
        members[key] = mutate(members[key] ?? .null, &random, depth: depth + 1)
      } else if action == 1, let key = members.keys.sorted().randomElement(using: &random) {
        members[key] = nil
      } else {
        members[keys[random.below(keys.count)]] = randomValue(&random, depth: depth + 1)
      }
      return .object(members)
    case .array(var elements) where !elements.isEmpty && random.below(4) != 0:
      let index = random.below(elements.count)
      elements[index] = mutate(elements[index], &random, depth: depth + 1)
      return .array(elements)
    default:
      return randomValue(&random, depth: depth)
    }
  }

  static func resolve(_ pointer: String, in document: JSONValue) -> JSONValue? {
    guard let tokens = JSONPointer.tokens(pointer) else { return nil }
    var current = document
    for token in tokens {
      switch current {
      case .object(let members):
        guard let next = members[token] else { return nil }
        current = next
      case .array(let elements):
        guard let index = Int(token), elements.indices.contains(index) else { return nil }
        current = elements[index]
      default: return nil
      }
    }
    return current
  }

  @Test func tenThousandMutatedDocuments() throws {
    try #require(Self.seeds.count >= 8)
    var random = SeededGenerator(seed: 0xC0DE_0003)
    var invalid = 0
    var problems: [String] = []
    for _ in 0..<10_000 {
      var document = Self.seeds[random.below(Self.seeds.count)]
      for _ in 0...random.below(4) { document = Self.mutate(document, &random) }
      let exact = CDRValidator(mode: .exact).validate(document)
      let lenient = CDRValidator(mode: .lenient).validate(document)
      let strict = CDRValidator(mode: .strict).validate(document)
      if !exact.isValid { invalid += 1 }
      // Every path exists in the document, except a missing required property's.
      for violation in exact.violations + lenient.violations + strict.violations {
        let found =
          violation.rule == .required
          ? violation.path == "/call_id" : Self.resolve(violation.path, in: document) != nil
        if !found { problems.append("path does not resolve: \(violation)") }
        // Private keys are never judged.
        let top = JSONPointer.tokens(violation.path)?.first ?? ""
        if top.hasPrefix("_") || top.hasPrefix("pvt_") {
          problems.append("private key judged: \(violation)")
        }
      }
      // Strict is exact plus rules of its own.
      if strict.violations.filter({ !$0.rule.rawValue.hasPrefix("strict.") }) != exact.violations {
        problems.append("strict is not exact plus strict rules: \(document)")
      }
      // Lenient never errs where exact does not.
      let exactErrors = Set(exact.errors.map(\.path))
      if !lenient.errors.allSatisfy({ exactErrors.contains($0.path) })
        || (exact.isValid && !lenient.isValid)
      {
        problems.append("lenient stricter than exact: \(document)")
      }
    }
    // Checked in bulk: one expectation per check in the loop would dominate the run time.
    #expect(problems.isEmpty, "\(problems.prefix(5))")
    // The corpus exercises both verdicts.
    #expect(invalid > 1_000 && invalid < 10_000)
  }
}
