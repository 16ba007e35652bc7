import CDRKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `reader`: `CDRReader` on arbitrary bytes in every input shape.
///
/// The first byte picks a wrapper for the rest (raw; BOM + CRLF NDJSON; JSON array; API
/// envelope; concatenated documents; gzip magic) and, in its high bits, small limits
/// (record size, depth). Properties:
/// - counts add up: accepted records + rejections = `read`, one location per record, the
///   in-memory reader counts every byte;
/// - every event has a location in the input: the source name, a line between 1 and the
///   number of lines, a JSON Pointer (`""` or starting with `/`), and record indices
///   that increase;
/// - reading the same bytes from a pipe in chunks of 1 to 16 bytes gives the same events
///   (the counts of bytes read may differ: a gzip input stops the reader after its magic);
/// - both decoding paths give the same result;
/// - `readAllConcurrently` gives exactly the sequential result.
enum ReaderTarget {
  static let sourceName = "fuzz.input"

  static func run(_ data: [UInt8]) {
    let selector = data.first ?? 0
    let rest = Array(data.dropFirst())
    let input: [UInt8]
    switch selector % 6 {
    case 0: input = rest
    case 1:
      var lines: [UInt8] = [0xEF, 0xBB, 0xBF]
      for byte in rest {
        if byte == 0x0A { lines.append(0x0D) }
        lines.append(byte)
      }
      input = lines
    case 2: input = Array("[".utf8) + rest + Array("]".utf8)
    case 3:
      input =
        Array(#"{"page_size":2,"data":["#.utf8) + rest
        + Array(#"],"next_start_key":"g2wAAAACbgUAb0ZX1A5oAWpq","status":"success"}"#.utf8)
    case 4: input = rest + Array("\n".utf8) + rest
    default: input = [0x1F, 0x8B] + rest
    }
    var options = CDRReader.Options()
    if selector & 0x40 != 0 { options.maximumRecordBytes = 16 + Int(selector & 0x38) * 4 }
    if selector & 0x80 != 0 { options.maximumDepth = 1 + Int(selector & 0x38) / 8 }
    check(input, options: options)
  }

  static func check(_ input: [UInt8], options: CDRReader.Options) {
    let reader = CDRReader(bytes: input, sourceName: sourceName, options: options)
    var events: [CDRReadEvent] = []
    while let event = reader.next() { events.append(event) }
    let lineCount = input.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    var records = 0
    var rejections = 0
    var previousIndex = -1
    for event in events {
      let location: CDRSourceLocation
      switch event {
      case .record(_, let at):
        records += 1
        location = at
      case .rejection(let rejection):
        rejections += 1
        location = rejection.location
      }
      require(location.source == sourceName, "location \(location) names another source")
      require(
        location.line >= 1 && location.line <= lineCount,
        "line \(location.line) outside 1...\(lineCount) in \(show(input))")
      require(
        location.pointer.isEmpty || location.pointer.hasPrefix("/"),
        "pointer \(location.pointer.debugDescription) is not a JSON Pointer")
      require(
        location.index > previousIndex,
        "record index \(location.index) after \(previousIndex) in \(show(input))")
      previousIndex = location.index
    }
    let statistics = reader.statistics
    require(
      statistics.accepted == records && statistics.rejected == rejections
        && statistics.read == events.count,
      "counts \(statistics) do not match \(records) records and \(rejections) rejections")
    require(
      statistics.bytesRead == input.count, "bytesRead \(statistics.bytesRead) of \(input.count)")

    let whole = CDRReader(bytes: input, sourceName: sourceName, options: options).readAll()
    require(
      whole.records.count == records && whole.rejections.count == rejections, "readAll differs")
    require(whole.locations.count == whole.records.count, "one location per record")

    var general = options
    general.usesByteLevelDecoding.toggle()
    let other = CDRReader(bytes: input, sourceName: sourceName, options: general).readAll()
    require(other == whole, "decoding paths differ for \(show(input))")

    let concurrent = CDRReader.readAllConcurrently(
      bytes: input, sourceName: sourceName, options: options, maximumConcurrency: 3)
    require(
      concurrent == whole,
      "concurrent read differs for \(show(input)):\n concurrent \(concurrent.statistics) \(concurrent.locations) \(concurrent.rejections)\n sequential \(whole.statistics) \(whole.locations) \(whole.rejections)"
    )

    if let piped = readThroughPipe(input, options: options, chunkSize: 1 + input.count % 16) {
      require(
        piped.records == whole.records && piped.locations == whole.locations
          && piped.rejections == whole.rejections && piped.format == whole.format
          && piped.statistics.accepted == whole.statistics.accepted
          && piped.statistics.rejected == whole.statistics.rejected,
        "chunked read differs for \(show(input)):\n piped \(piped.locations) \(piped.rejections) \(piped.format)\n whole \(whole.locations) \(whole.rejections) \(whole.format)"
      )
    }
  }

  /// Reads `input` through a pipe with a small chunk size; `nil` when the input does not
  /// fit in the pipe's buffer (it is written completely before reading starts).
  static func readThroughPipe(_ input: [UInt8], options: CDRReader.Options, chunkSize: Int)
    -> CDRReadResult?
  {
    guard input.count <= 32 << 10 else { return nil }
    var descriptors: [Int32] = [-1, -1]
    guard pipe(&descriptors) == 0 else { return nil }
    var written = 0
    while written < input.count {
      let count = input[written...].withUnsafeBytes {
        write(descriptors[1], $0.baseAddress, $0.count)
      }
      if count <= 0 { break }
      written += count
    }
    close(descriptors[1])
    guard written == input.count else {
      close(descriptors[0])
      return nil
    }
    var chunked = options
    chunked.chunkSize = chunkSize
    let reader = CDRReader(
      fileDescriptor: descriptors[0], sourceName: sourceName, closeWhenDone: true, options: chunked)
    return reader.readAll()
  }
}
