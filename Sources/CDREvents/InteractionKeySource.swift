/// Where ``CDRBuilder`` gets the 8 hex characters of an interaction id it has to invent
/// (KAZOO's `kz_binary:rand_hex(4)`: 4 random bytes, lowercase hex).
///
/// ```swift
/// var keys = InteractionKeySource.seeded(42)   // the same keys on every run (tests)
/// keys.next()                                   // 8 lowercase hex characters
/// ```
public struct InteractionKeySource: Sendable, Hashable {
  private enum Kind: Sendable, Hashable {
    case system
    case seeded(state: UInt64)
    case constant(String)
  }

  private var kind: Kind

  private init(_ kind: Kind) { self.kind = kind }

  /// Random keys from the system's generator, as KAZOO makes them.
  public static var system: InteractionKeySource { InteractionKeySource(.system) }

  /// A reproducible sequence of keys from a seed (SplitMix64).
  public static func seeded(_ seed: UInt64) -> InteractionKeySource {
    InteractionKeySource(.seeded(state: seed))
  }

  /// The same key every time (worked examples and tests).
  public static func constant(_ key: String) -> InteractionKeySource {
    InteractionKeySource(.constant(key))
  }

  /// The next key.
  public mutating func next() -> String {
    let bits: UInt32
    switch kind {
    case .constant(let key):
      return key
    case .system:
      var generator = SystemRandomNumberGenerator()
      bits = generator.next()
    case .seeded(var state):
      state &+= 0x9E37_79B9_7F4A_7C15
      var mixed = state
      mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
      mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
      mixed ^= mixed >> 31
      kind = .seeded(state: state)
      bits = UInt32(truncatingIfNeeded: mixed >> 32)
    }
    let hex = String(bits, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }
}
