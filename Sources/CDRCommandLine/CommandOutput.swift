#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffered byte sink for a command's standard output or standard error: a file
/// descriptor, or memory (for tests).
///
/// A failed write is never silent: the first failure is kept in ``failure``, every later
/// write is dropped, and the commands stop reading once their output has failed (see
/// ``ExitCode/cannotWrite`` and ``ExitCode/brokenPipe``). Bytes are sent to the file
/// descriptor whenever 64 KiB are buffered and on ``flush()``.
public final class CommandOutput {
  private let fileDescriptor: Int32?
  private var buffer: [UInt8] = []
  /// For memory that fails on purpose: how many more bytes it accepts, and the error.
  private var remainingBeforeFailure: Int?
  private let simulatedErrorNumber: Int32
  /// Everything written, when the output collects in memory.
  public private(set) var collected: [UInt8] = []
  /// The first write that failed, or `nil` while every write succeeded.
  public private(set) var failure: CommandOutputFailure?

  /// Whether a write failed (a full disk, a closed pipe...); see ``failure``.
  public var failed: Bool { failure != nil }

  /// An output that writes to `fileDescriptor`.
  public init(fileDescriptor: Int32) {
    self.fileDescriptor = fileDescriptor
    self.simulatedErrorNumber = 0
    #if os(Linux)
      // A pipe of 1 MiB rather than 64 KiB: a reader of megabytes wakes up less often.
      // Best effort; the system may refuse, and nothing else depends on it.
      var status = stat()
      if fstat(fileDescriptor, &status) == 0, status.st_mode & S_IFMT == S_IFIFO {
        let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7)
        _ = fcntl(fileDescriptor, setPipeSize, Int32(1 << 20))
      }
    #endif
  }

  /// An output that collects in memory (see ``collected`` and ``text``).
  public init() {
    self.fileDescriptor = nil
    self.simulatedErrorNumber = 0
  }

  /// An output that collects in memory and fails like a file descriptor would once
  /// `byteCount` bytes are written: the bytes up to the limit are collected, then
  /// ``failure`` holds `errorNumber` (for example `ENOSPC` for a full disk, `EPIPE` for a
  /// closed pipe). For testing how commands react to a failed output.
  public init(failingAfter byteCount: Int, errorNumber: Int32) {
    self.fileDescriptor = nil
    self.remainingBeforeFailure = Swift.max(0, byteCount)
    self.simulatedErrorNumber = errorNumber
  }

  /// The collected bytes as UTF-8 text.
  public var text: String { String(decoding: collected, as: UTF8.self) }

  /// Writes bytes (dropped once a write has failed).
  public func write(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { write($0) }
  }

  /// Writes the bytes `bytes` points to (dropped once a write has failed); nothing of them
  /// is kept once the call returns.
  public func write(_ bytes: UnsafeRawBufferPointer) {
    guard failure == nil else { return }
    if statusShown {
      // A transient status line is on screen: erase it before the real text.
      statusShown = false
      Self.eraseLine.withUnsafeBytes { append($0) }
    }
    append(bytes)
  }

  /// Carriage return, then ANSI "erase to end of line".
  static let eraseLine: [UInt8] = [0x0D, 0x1B, UInt8(ascii: "["), UInt8(ascii: "K")]

  /// Whether a status line from ``showStatus(_:)`` is on screen.
  private var statusShown = false

  /// Shows `text` as a transient status line on a terminal, in place of the previous one
  /// (`nil`: erases it). The next write erases it first, so lines written in
  /// between never mix with it. Sent at once.
  func showStatus(_ text: String?) {
    guard failure == nil else { return }
    if statusShown { Self.eraseLine.withUnsafeBytes { append($0) } }
    statusShown = false
    if let text {
      Array(text.utf8).withUnsafeBytes { append($0) }
      statusShown = true
    }
    flush()
  }

  private func append(_ bytes: UnsafeRawBufferPointer) {
    if fileDescriptor == nil {
      collect(bytes)
      return
    }
    if bytes.count >= 1 << 16 {
      // A large block is sent as it is, after what is buffered: not copied first.
      flush()
      send(bytes)
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

  /// Sends buffered bytes to the file descriptor; records a failure in ``failure``.
  public func flush() {
    guard fileDescriptor != nil, !buffer.isEmpty, failure == nil else {
      buffer.removeAll(keepingCapacity: true)
      return
    }
    buffer.withUnsafeBytes { send($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes `raw` to the file descriptor; records a failure in ``failure``.
  private func send(_ raw: UnsafeRawBufferPointer) {
    guard let fileDescriptor, failure == nil, raw.count > 0 else { return }
    var offset = 0
    while offset < raw.count {
      let written = systemWrite(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        failure = CommandOutputFailure(errorNumber: errno)
        return
      }
      offset += written
    }
  }

  private func collect(_ bytes: UnsafeRawBufferPointer) {
    guard let remaining = remainingBeforeFailure else {
      collected.append(contentsOf: bytes)
      return
    }
    if bytes.count <= remaining {
      collected.append(contentsOf: bytes)
      remainingBeforeFailure = remaining - bytes.count
      return
    }
    collected.append(contentsOf: bytes.prefix(remaining))
    remainingBeforeFailure = 0
    failure = CommandOutputFailure(errorNumber: simulatedErrorNumber)
  }

  deinit {
    flush()
  }
}

/// Why a ``CommandOutput`` could not be written: the system's error number and its text.
public struct CommandOutputFailure: Error, Sendable, Hashable, CustomStringConvertible {
  /// The `errno` value of the failed `write` (`ENOSPC`, `EPIPE`, `EIO`...).
  public let errorNumber: Int32

  /// A failure with the error number `errorNumber`.
  public init(errorNumber: Int32) {
    self.errorNumber = errorNumber
  }

  /// Whether the reader of the output went away (`EPIPE`): `cdr ... | head` after `head`
  /// has exited. The tool then stops quietly, as `cat` does.
  public var isBrokenPipe: Bool { errorNumber == EPIPE }

  /// The system's explanation, such as `No space left on device`.
  public var message: String { String(cString: strerror(errorNumber)) }

  /// Same as ``message``.
  public var description: String { message }
}

@inline(__always)
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, pointer, count)
}
