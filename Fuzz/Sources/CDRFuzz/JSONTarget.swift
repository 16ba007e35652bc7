import CDRKit

/// `json`: the strict parser, the writer and both record decoding paths on arbitrary bytes.
///
/// Properties:
/// - what `JSONValue(parsing:)` accepts, `write(to:)` writes as exactly `jsonText`, and
///   parsing that text again gives an equal value whose text is the same (writing is canonical);
/// - `CallDetailRecord(jsonBytes:)` (byte-level) and `JSONValue(parsing:)` +
///   `CallDetailRecord(json:)` (general) give the same record or the same error;
/// - an accepted record's `jsonText` decodes back to an equal record;
/// - `CDRReader` gives equal results (records, locations, rejections, counts, format) with
///   `usesByteLevelDecoding` on and off, on the bytes as they are and as an NDJSON line.
enum JSONTarget {
  static func run(_ data: [UInt8]) {
    if let value = try? JSONValue(parsing: data) {
      var written: [UInt8] = []
      value.write(to: &written)
      let text = value.jsonText
      require(written == Array(text.utf8), "write(to:) and jsonText differ for \(show(data))")
      let again = try? JSONValue(parsing: written)
      require(
        again == value, "re-parsing \(text.debugDescription) changed the value of \(show(data))")
      require(again?.jsonText == text, "writing is not canonical for \(show(data))")
    }

    let general = generalDecode(data)
    let fast = Result { () throws(CDRDecodingError) in try CallDetailRecord(jsonBytes: data) }
    require(fast == general, "byte-level \(fast) != general \(general) for \(show(data))")
    if case .success(let record) = general {
      let back = try? CallDetailRecord(jsonBytes: Array(record.jsonText.utf8))
      require(
        back == record, "record JSON \(record.jsonText.debugDescription) does not decode back")
    }

    compareReaderPaths(data)
    if !data.contains(0x0A) {
      compareReaderPaths(data + [0x0A] + data + [0x0A])
    }
  }

  static func generalDecode(_ bytes: [UInt8]) -> Result<CallDetailRecord, CDRDecodingError> {
    let value: JSONValue
    do { value = try JSONValue(parsing: bytes) } catch { return .failure(.malformedJSON(error)) }
    do { return .success(try CallDetailRecord(json: value)) } catch {
      return .failure(.notARecord(error))
    }
  }

  static func compareReaderPaths(_ bytes: [UInt8]) {
    let fast = CDRReader(bytes: bytes, options: .init(usesByteLevelDecoding: true)).readAll()
    let general = CDRReader(bytes: bytes, options: .init(usesByteLevelDecoding: false)).readAll()
    require(
      fast == general,
      "reader paths differ for \(show(bytes)):\n fast \(fast.records.count) records \(fast.rejections)\n general \(general.records.count) records \(general.rejections)"
    )
  }
}
