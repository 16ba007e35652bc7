import Foundation

/// The progress line a reading command shows on standard error while it reads a long
/// input: `12.5 MB read, 48213 records, 9642 records/s` and, when the inputs are files of
/// known size, `, 41%, ETA 0:07`.
///
/// Shown only when the context asks for it (standard error is a terminal and no
/// `--quiet`), never on standard output; first after one second (short runs show
/// nothing), then at most four times a second; erased by ``finish()``.
final class ProgressMeter {
  /// Seconds before the first line.
  static let delay = 1.0
  /// Seconds between two lines.
  static let interval = 0.25

  private let errors: CommandOutput
  private let clock: @Sendable () -> Double
  private let enabled: Bool
  /// The inputs' total size, when every input is a regular file.
  private let totalBytes: Int?
  private let start: Double
  private var nextUpdate: Double
  private var shown = false
  /// Bytes of the inputs already finished (the current one's are passed to `update`).
  private var finishedBytes = 0
  private var calls = 0

  /// A meter for reading `operands` (`-` is standard input).
  init(context: CommandContext, operands: [String], quiet: Bool) {
    errors = context.errors
    clock = context.clock
    enabled = context.showsProgress && !quiet
    totalBytes = enabled ? Self.totalSize(of: operands) : nil
    start = enabled ? context.clock() : 0
    nextUpdate = start + Self.delay
  }

  /// Marks the end of one input of `bytes` bytes.
  func finishInput(bytes: Int) {
    finishedBytes += bytes
  }

  /// Reports that `records` records have been read so far and, when known, `bytes` bytes
  /// of the current input. Cheap enough to call for every record: it looks at the clock
  /// only every 64 calls.
  func update(records: Int, bytes: Int?) {
    guard enabled else { return }
    calls &+= 1
    guard calls & 63 == 0 else { return }
    show(records: records, bytes: bytes)
  }

  /// Shows the line when its interval has passed.
  private func show(records: Int, bytes: Int?) {
    let now = clock()
    guard now >= nextUpdate else { return }
    nextUpdate = now + Self.interval
    shown = true
    errors.showStatus(
      Self.line(
        bytes: bytes.map { finishedBytes + $0 }, totalBytes: totalBytes, records: records,
        seconds: now - start))
  }

  /// Whether the meter shows anything at all (callers may skip counting when it does not).
  var isEnabled: Bool { enabled }

  /// Reports progress as ``update(records:bytes:)`` does, looking at the clock on every
  /// call: for callers that report whole blocks of records rather than each record.
  func updateBlock(records: Int, bytes: Int?) {
    guard enabled else { return }
    show(records: records, bytes: bytes)
  }

  /// Erases the line, if one was shown.
  func finish() {
    guard shown else { return }
    shown = false
    errors.showStatus(nil)
  }

  /// The text of one progress line.
  static func line(bytes: Int?, totalBytes: Int?, records: Int, seconds: Double) -> String {
    var parts: [String] = []
    if let bytes { parts.append("\(megabytes(bytes)) MB read") }
    parts.append("\(records) records")
    if seconds > 0 { parts.append("\(Int((Double(records) / seconds).rounded())) records/s") }
    if let bytes, let totalBytes, totalBytes > 0, bytes <= totalBytes {
      parts.append("\(bytes * 100 / totalBytes)%")
      if bytes > 0, seconds > 0 {
        let left = Double(totalBytes - bytes) / (Double(bytes) / seconds)
        parts.append("ETA " + duration(left))
      }
    }
    return parts.joined(separator: ", ")
  }

  /// Bytes in megabytes (10^6) with one decimal: `12.5`.
  static func megabytes(_ bytes: Int) -> String {
    let tenths = (bytes + 50_000) / 100_000
    return "\(tenths / 10).\(tenths % 10)"
  }

  /// Seconds as `M:SS`, or `H:MM:SS` from an hour on.
  static func duration(_ seconds: Double) -> String {
    let total = seconds.isFinite ? Int(Swift.min(seconds.rounded(), 359_999)) : 359_999
    let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
  }

  /// The summed size of `operands` when all are regular files, else `nil`.
  static func totalSize(of operands: [String]) -> Int? {
    var total = 0
    for operand in operands {
      guard operand != "-",
        let attributes = try? FileManager.default.attributesOfItem(atPath: operand),
        attributes[.type] as? FileAttributeType == .typeRegular,
        let size = attributes[.size] as? NSNumber
      else { return nil }
      total += size.intValue
    }
    return total
  }
}
