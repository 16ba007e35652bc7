import Foundation

/// MD5 (RFC 1321), for KAZOO's `user_auth` credentials hash only: Foundation has no MD5 on
/// Linux (CryptoKit is Apple-only). Not for anything security-sensitive.
struct _MD5 {
  private var state: (UInt32, UInt32, UInt32, UInt32) = (
    0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476
  )
  private var pending: [UInt8] = []
  private var length: UInt64 = 0

  /// Per-round left-rotation amounts (RFC 1321, section 3.4).
  private static let shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ]

  /// The sine table T[i] = floor(2^32 · |sin(i + 1)|), computed once.
  private static let sines: [UInt32] = (0..<64).map { index in
    UInt32(truncatingIfNeeded: Int64((abs(sin(Double(index + 1))) * 4_294_967_296.0)))
  }

  mutating func update(_ bytes: some Sequence<UInt8>) {
    for byte in bytes {
      pending.append(byte)
      length &+= 1
      if pending.count == 64 {
        compress(pending)
        pending.removeAll(keepingCapacity: true)
      }
    }
  }

  mutating func finish() -> [UInt8] {
    let bitLength = length &* 8
    var tail = pending
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 0, to: 64, by: 8) {
      tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    for start in stride(from: 0, to: tail.count, by: 64) {
      compress(Array(tail[start..<start + 64]))
    }
    var digest: [UInt8] = []
    for word in [state.0, state.1, state.2, state.3] {
      for shift in stride(from: 0, to: 32, by: 8) {
        digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
      }
    }
    return digest
  }

  private mutating func compress(_ block: [UInt8]) {
    var words = [UInt32](repeating: 0, count: 16)
    for index in 0..<16 {
      let base = index * 4
      words[index] =
        UInt32(block[base]) | UInt32(block[base + 1]) << 8 | UInt32(block[base + 2]) << 16
        | UInt32(block[base + 3]) << 24
    }
    var (a, b, c, d) = state
    for step in 0..<64 {
      let mixed: UInt32
      let wordIndex: Int
      switch step {
      case 0..<16:
        mixed = (b & c) | (~b & d)
        wordIndex = step
      case 16..<32:
        mixed = (d & b) | (~d & c)
        wordIndex = (5 * step + 1) % 16
      case 32..<48:
        mixed = b ^ c ^ d
        wordIndex = (3 * step + 5) % 16
      default:
        mixed = c ^ (b | ~d)
        wordIndex = (7 * step) % 16
      }
      let sum = a &+ mixed &+ Self.sines[step] &+ words[wordIndex]
      let shift = Self.shifts[step]
      a = d
      d = c
      c = b
      b = b &+ ((sum << shift) | (sum >> (32 - shift)))
    }
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
  }

  /// The lowercase hexadecimal MD5 digest of `bytes`.
  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    var md5 = _MD5()
    md5.update(bytes)
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in md5.finish() {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
