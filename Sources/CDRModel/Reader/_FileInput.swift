#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// File access shared by the sequential and the concurrent reader.
enum _FileInput {
  /// Opens `path` for reading; a directory or an unopenable path is an error.
  static func open(_ path: String) throws(CDRReaderError) -> Int32 {
    let descriptor = systemOpen(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    var status = stat()
    if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
      close(descriptor)
      throw .cannotOpen(path: path, reason: "is a directory")
    }
    return descriptor
  }

  /// Appends up to `requested` bytes read from `descriptor` to `buffer`, retrying on `EINTR`.
  /// Returns the number of bytes appended (0 at end of input), or the system's reason when
  /// the read failed.
  /// One call reads at most 1 MiB, so the zero-filled room made before the read stays small
  /// however much the caller asks for.
  static func append(
    from descriptor: Int32, to buffer: inout [UInt8], count requested: Int
  ) -> Result<Int, ReadFailure> {
    let count = Swift.min(requested, 1 << 20)
    let oldCount = buffer.count
    appendZeros(count, to: &buffer)
    let result = buffer.withUnsafeMutableBytes { raw in
      readBytes(from: descriptor, into: raw.baseAddress! + oldCount, count: count)
    }
    buffer.removeLast(count - ((try? result.get()) ?? 0))
    return result
  }

  /// Appends `count` zero bytes to `buffer`, the room a read goes into: copied from a
  /// buffer of zeros, a `memcpy` a mebibyte at a time. Appending a repeated element fills
  /// it a byte at a time (a tenth of a debug build's reading, and a few percent of a
  /// release build's).
  static func appendZeros(_ count: Int, to buffer: inout [UInt8]) {
    var left = count
    zeros.withUnsafeBufferPointer { zeros in
      while left > 0 {
        let step = Swift.min(left, zeros.count)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: zeros[..<step]))
        left -= step
      }
    }
  }

  /// Reads up to `count` bytes from `descriptor` into `target`, retrying on `EINTR`.
  /// Returns the number of bytes read (0 at end of input), or the system's reason when the
  /// read failed.
  static func readBytes(from descriptor: Int32, into target: UnsafeMutableRawPointer, count: Int)
    -> Result<Int, ReadFailure>
  {
    while true {
      let result = systemRead(descriptor, target, count)
      if result >= 0 { return .success(result) }
      if errno == EINTR { continue }
      return .failure(ReadFailure(reason: String(cString: strerror(errno))))
    }
  }

  /// A failed `read`, with the system's explanation.
  struct ReadFailure: Error {
    let reason: String
  }
}

private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
  open(path, flags)
}

private func systemRead(_ descriptor: Int32, _ target: UnsafeMutableRawPointer, _ count: Int) -> Int
{
  read(descriptor, target, count)
}

/// The room `_FileInput.append` reads into is first filled from here.
private let zeros = [UInt8](repeating: 0, count: 1 << 20)
