#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffered byte sink for a command's standard output or standard error: a file
/// descriptor, or memory (for tests).
public final class CommandOutput {
  private let fileDescriptor: Int32?
  private var buffer: [UInt8] = []
  /// Everything written, when the output collects in memory.
  public private(set) var collected: [UInt8] = []
  /// Whether a write to the file descriptor failed (for example a closed pipe).
  public private(set) var failed = false

  /// An output that writes to `fileDescriptor`.
  public init(fileDescriptor: Int32) {
    self.fileDescriptor = fileDescriptor
  }

  /// An output that collects in memory (see ``collected`` and ``text``).
  public init() {
    self.fileDescriptor = nil
  }

  /// The collected bytes as UTF-8 text.
  public var text: String { String(decoding: collected, as: UTF8.self) }

  /// Writes bytes.
  public func write(_ bytes: [UInt8]) {
    if fileDescriptor == nil {
      collected.append(contentsOf: bytes)
      return
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// Writes text as UTF-8.
  public func write(_ text: String) {
    write(Array(text.utf8))
  }

  /// Writes text and a newline.
  public func writeLine(_ text: String) {
    write(text + "\n")
  }

  /// Sends buffered bytes to the file descriptor.
  public func flush() {
    guard let fileDescriptor, !buffer.isEmpty, !failed else {
      buffer.removeAll(keepingCapacity: true)
      return
    }
    var offset = 0
    buffer.withUnsafeBytes { raw in
      while offset < raw.count {
        let written = systemWrite(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failed = true
          return
        }
        offset += written
      }
    }
    buffer.removeAll(keepingCapacity: true)
  }

  deinit {
    flush()
  }
}

@inline(__always)
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, pointer, count)
}
