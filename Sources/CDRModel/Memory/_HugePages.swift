#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Asks Linux to back large, long-lived arrays (the leg table's columns) with huge pages.
///
/// Every 4 KiB page a process touches first costs a page fault, in which the kernel clears
/// the page. On the machines measured a fault costs several microseconds, so a table of a
/// few gigabytes spent seconds in them. Where transparent huge pages are enabled for
/// `madvise` regions (a common default), one fault then maps 2 MiB. Elsewhere (macOS, or
/// huge pages off) this does nothing, which is always correct: it is advice.
package enum _HugePages {
  /// Arrays smaller than this are left alone: a huge page would not fit inside them.
  static let minimumBytes = 4 << 20

  /// Advises the kernel to use huge pages for the storage of `array` (its whole capacity),
  /// when that storage is large enough to hold one.
  package static func advise<Element>(_ array: inout [Element]) {
    #if os(Linux)
      // Unique first, so the storage measured is the storage advised.
      array.reserveCapacity(array.capacity)
      let bytes = array.capacity * MemoryLayout<Element>.stride
      guard bytes >= minimumBytes else { return }
      array.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let hugePage = 2 << 20
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(hugePage - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else {
          return
        }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
      }
    #endif
  }
}
