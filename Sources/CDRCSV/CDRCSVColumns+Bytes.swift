import CDRModel

extension CDRCSVColumns {
  /// A renderer that writes a line's CSV row straight from its bytes, for
  /// `CDRReader.renderRecords`'s line path: the row ``cells(for:)`` gives for the record
  /// the reader reads from that line, written as ``CSVWriter/appendLine(_:guardsFormulas:into:)``
  /// writes it, for every line whose verdict is certain and whose values the columns read
  /// are plain (see ``_PlainRecordMembers`` and ``_ListingBytesSource``); any other line is
  /// left to the full reader. `nil` when a column is not a listing column (those are read
  /// from decoded records only).
  package func lineRenderer(guardsFormulas: Bool, maximumDepth: Int) -> _LineRender? {
    var listing: [CDRListingColumn] = []
    for column in columns {
      guard case .listing(let name) = column else { return nil }
      listing.append(name)
    }
    guard !listing.isEmpty else { return nil }
    let options = self.options
    let chosen = listing
    return { line, members, output in
      guard members.read(line, maximumDepth: maximumDepth) else { return false }
      return _ListingBytesSource.withSlots { slots in
        guard let source = _ListingBytesSource(line, members, in: slots) else { return false }
        let derivation = _ListingDerivation(source, options: options)
        var sink = _CSVLineSink(line: line, guardsFormulas: guardsFormulas)
        swap(&sink.output, &output)
        let lineStart = sink.output.count
        for column in chosen { derivation.emit(column, into: &sink) }
        sink.endLine(lineStart: lineStart)
        swap(&sink.output, &output)
        return true
      }
    }
  }
}
