/// SplitMix64: a small seeded generator, so every randomized test is repeatable.
///
/// Shared by the test targets (one copy instead of one per target):
///
/// ```swift
/// var random = SeededGenerator(seed: 42)
/// let count = Int.random(in: 1...12, using: &random)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  /// The generator's state; the next output is derived from it.
  public var state: UInt64

  /// A generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }

  /// An integer in `0..<bound` (`bound` > 0), taken as the next output modulo `bound`.
  public mutating func below(_ bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }
}
