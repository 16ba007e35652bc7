#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension CDRReader {
  /// The rest of the windowed loop for a regular file whose merger reads windows where they
  /// are (``_LineWindowMerger/readsInPlace``): each window is mapped from the file into
  /// memory and handed to the merger, and unmapped once the merger is done with it (when it
  /// has been handed the next window, or has finished its reads), instead of being copied
  /// into a buffer by `read` (that copy was about a tenth of the CPU time of reading a file
  /// into a leg table).
  ///
  /// It starts at byte `start`, the beginning of a line, with no line being skipped, and
  /// goes on to the end of the file as it is when each window is mapped (a file that grows
  /// is read on, as `read` would). A window that ends inside a line is mapped again, longer,
  /// from the start of that line; a line longer than `options.maximumRecordBytes` is
  /// rejected and skipped without being mapped whole, as the copying loop does.
  ///
  /// - Returns: where it stopped and the largest span mapped at once, with `finished`
  ///   `false` when the file could not be mapped there (the caller reads on from `offset`,
  ///   still skipping a line rejected as too large when `skipping` is `true`).
  static func readMappedWindows<Merger: _LineWindowMerger>(
    from file: _WindowFile, at start: Int, options: Options, window: Int, concurrency: Int,
    merger: inout Merger, drain: (inout Merger) -> Void
  ) -> (offset: Int, finished: Bool, skipping: Bool, peak: Int) {
    var offset = start
    var span = window
    var skipping = false
    var peak = 0
    // The window handed to the merger last, mapped until the merger is done with it: it may
    // still be reading it while it is handed the next one.
    var handedOver: _MappedBytes?
    func finish() {
      merger.finishReads()
      drain(&merger)
      handedOver?.unmap()
      handedOver = nil
    }
    while true {
      guard let size = file.regularFileSize() else {
        finish()
        return (offset, false, skipping, peak)
      }
      if offset >= size {
        finish()
        return (offset, true, skipping, peak)
      }
      let end = Swift.min(size, offset + span)
      guard let mapped = file.map(from: offset, to: end) else {
        finish()
        return (offset, false, skipping, peak)
      }
      peak = Swift.max(peak, mapped.length + (handedOver?.length ?? 0))
      file.noteBytesRead(upTo: end)
      let bytes = mapped.bytes
      if skipping {
        // The rest of a line already rejected as too large, up to its newline.
        if let newline = bytes.firstIndex(of: 0x0A) {
          offset += newline + 1
          merger.line += 1
          skipping = false
        } else {
          offset = end
        }
        mapped.unmap()
        continue
      }
      var cut = bytes.count
      while cut > 0, bytes[cut - 1] != 0x0A { cut -= 1 }
      if cut == 0, bytes.count > options.maximumRecordBytes {
        // A line longer than the limit with no newline yet: rejected where it starts (the
        // windows before it done first, for its line and index), then skipped.
        mapped.unmap()
        finish()
        merger.rejectTooLarge(limit: options.maximumRecordBytes)
        drain(&merger)
        offset = end
        skipping = true
        span = window
      } else if cut > 0 || end == size {
        // Whole lines, or the file's last line, which has no newline.
        if cut == 0 { cut = bytes.count }
        merger.read(
          inPlace: bytes, from: 0, to: cut, origin: offset, options: options,
          concurrency: concurrency)
        drain(&merger)
        // The merger is done with the window before.
        handedOver?.unmap()
        handedOver = mapped
        offset += cut
        span = window
      } else {
        // A line longer than the window: the same start, a longer window.
        mapped.unmap()
        span += window
      }
    }
  }
}

/// Bytes of a file mapped into memory (`_WindowFile.map(from:to:)`), until ``unmap()``.
struct _MappedBytes {
  /// Where the mapping starts (a page boundary) and its length.
  let base: UnsafeMutableRawPointer
  let length: Int
  /// The bytes asked for.
  let bytes: UnsafeBufferPointer<UInt8>

  func unmap() { munmap(base, length) }
}

extension _WindowFile {
  /// The file's size when it is a regular file that is not empty (one that can be mapped);
  /// `nil` otherwise.
  package func regularFileSize() -> Int? {
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
      status.st_size > 0
    else { return nil }
    return Int(status.st_size)
  }

  /// Maps bytes `from..<to` of the file into memory (read only, its pages read in at
  /// once); `nil` when they could not be mapped.
  ///
  /// A file must not shrink while a window of it is mapped: a page past its new end cannot
  /// be read (the system signals the process, as for any mapped file).
  func map(from start: Int, to end: Int) -> _MappedBytes? {
    let page = Self.pageSize
    let mapStart = start & ~(page - 1)
    let length = end - mapStart
    guard length > 0, end > start else { return nil }
    #if os(Linux)
      let flags = MAP_PRIVATE | MAP_POPULATE
    #else
      let flags = MAP_PRIVATE
    #endif
    guard let base = mmap(nil, length, PROT_READ, flags, descriptor, off_t(mapStart)),
      base != UnsafeMutableRawPointer(bitPattern: -1)
    else { return nil }
    #if !os(Linux)
      _ = madvise(base, length, MADV_WILLNEED)
    #endif
    let bytes = UnsafeBufferPointer(
      start: base.assumingMemoryBound(to: UInt8.self) + (start - mapStart), count: end - start)
    return _MappedBytes(base: base, length: length, bytes: bytes)
  }

  /// The system's page size (mappings start on a page).
  static let pageSize: Int = {
    let size = sysconf(Int32(_SC_PAGESIZE))
    return size > 0 ? Int(size) : 4096
  }()
}
