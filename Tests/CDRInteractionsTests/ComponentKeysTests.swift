import Testing

@testable import CDRInteractions

/// The byte checks behind the interaction ids of the leg table's summary lines.
@Suite struct ComponentKeysTests {
  /// A byte of 0x80 or more anywhere (in a whole word or in the tail after the last one)
  /// makes a text not ASCII; 0x7F and every byte below it do not.
  @Test func asciiIsDecidedAtEveryPosition() {
    for length in 0...20 {
      let plain = (0..<length).map { UInt8(0x20 + ($0 * 13) % 0x60) }
      #expect(plain.withUnsafeBytes(bytesAreASCII), "\(length)")
      #expect([UInt8](repeating: 0x7F, count: length).withUnsafeBytes(bytesAreASCII))
      for position in 0..<length {
        for high: UInt8 in [0x80, 0xC3, 0xFF] {
          var text = plain
          text[position] = high
          #expect(!text.withUnsafeBytes(bytesAreASCII), "\(length) \(position)")
        }
      }
    }
  }
}
