#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// The projection behind `CDRLegTable`'s NDJSON reader: one pass over a record's bytes that
// keeps only the members a grouping needs, as byte ranges and integers, and validates
// everything else with the skipping functions (the same checks, in the same order, as the
// byte-level decoder). It accepts only records the byte-level decoder would accept with
// the same values: every needed member plain (an ASCII string without escapes, a plain
// integer literal, `inbound`/`outbound`, `A`/`B`), no repeated modeled key, no escaped
// key, no `transfer_history`. Anything else — and every error — makes it give up, and the
// caller reads that line with the full reader, which decides and reports as it always does.

/// The members of one record that a grouping needs, as byte ranges of the buffer it was
/// projected from (`nil`: absent).
package struct _LegFields: Equatable {
  package var callID: Range<Int> = 0..<0
  package var otherLegCallID: Range<Int>?
  package var loopbackOtherLegID: Range<Int>?
  package var interactionID: Range<Int>?
  package var bridgeID: Range<Int>?
  package var channelAccountID: Range<Int>?
  package var ownerID: Range<Int>?
  package var privateAccountID: Range<Int>?
  package var callerIDNumber: Range<Int>?
  package var callerIDName: Range<Int>?
  package var calleeIDNumber: Range<Int>?
  package var calleeIDName: Range<Int>?
  package var disposition: Range<Int>?
  /// 0: absent, 1: `inbound`, 2: `outbound`.
  package var direction: UInt8 = 0
  /// 0: absent, 1: `A`, 2: `B`.
  package var loopbackLeg: UInt8 = 0
  package var billingSeconds: Int?
  package var ringingSeconds: Int?
  package var channelCreatedTime: Int?
  package var timestamp: Int?
  package var durationSeconds: Int?
}

/// The counts and rejections of one projected chunk; locations are relative to the chunk
/// (lines from 1, record indices from 0).
package struct _ProjectedChunkCounts {
  package var newlines = 0
  package var nonBlankLines = 0
  package var read = 0
  package var accepted = 0
  package var rejected = 0
  package var acceptedWithDrifts = 0
  package var rejections: [CDRRejection] = []

  /// The rejections with their locations made absolute: the chunk starts at line `line` and
  /// record index `index` of its input.
  package func rejections(fromLine line: Int, index: Int) -> [CDRRejection] {
    rejections.map { rejection in
      let location = rejection.location
      return CDRRejection(
        location: CDRSourceLocation(
          source: location.source, line: line + location.line - 1,
          index: index + location.index, pointer: location.pointer),
        reason: rejection.reason)
    }
  }
}

extension CDRReader {
  /// Reads the whole NDJSON lines `buffer[range]` as a line-chunk reader would, handing each
  /// accepted record, in order, with the range of its line (without the newline), to
  /// `projected` when it is plain and to `record` fully decoded otherwise. (Two closures
  /// rather than one taking an enum: the fields, some 400 bytes, are then not copied into
  /// and out of an enum's payload per line.)
  package static func projectLineChunk(
    _ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, sourceName: String,
    options: Options, projected: (_LegFields, _ line: Range<Int>) -> Void,
    record: (CallDetailRecord, _ line: Range<Int>) -> Void
  ) -> _ProjectedChunkCounts {
    let depth = options.maximumDepth
    // One set of fields, filled in place line after line: returning them (some 400 bytes)
    // by value copied them twice a line.
    var fields = _LegFields()
    let memory = _ProjectionMemory()
    let limit = options.maximumRecordBytes
    return readLineChunk(
      buffer, range: range, sourceName: sourceName, options: options,
      fast: { bytes, line in
        var parser = JSONParser(bytes: bytes, maximumDepth: depth)
        guard parser.projectLeg(origin: line.lowerBound, into: &fields, memory: memory) else {
          return false
        }
        projected(fields, line)
        return true
      },
      unbounded: { bytes, start in
        // The line is projected before its end is known (finding it first was a pass over
        // every byte: 4 % of `cdr interactions`' cycles), then its end is checked.
        var parser = JSONParser(bytes: bytes, maximumDepth: depth)
        guard parser.projectLeg(origin: start, into: &fields, memory: memory, toLineEnd: false)
        else {
          // The projection of the line alone would give up too: up to the line's end it
          // reads the same bytes, and it can only succeed by closing the record before that
          // end, where this one would have stopped, successful, as well. So the full reader
          // decides, without a second projection.
          return .declined
        }
        guard let newline = lineEnd(after: parser.index, in: bytes, limit: limit),
          !parser.metWhitespace || !bytes.containsNewline(before: parser.index)
        else { return .unsure }
        projected(fields, start..<(start + parser.index))
        return .read(newline: start + newline)
      }, record: record)
  }

  /// Where the line ends (its newline, or the end of `bytes`) when the record just read
  /// ends at `end` and only the line end follows (a newline, a carriage return and a
  /// newline, or nothing), within `limit` bytes (a carriage return counts, as in the line
  /// loop); `nil` otherwise (trailing content or whitespace, which the line loop decides).
  @inline(__always)
  private static func lineEnd(after end: Int, in bytes: UnsafeBufferPointer<UInt8>, limit: Int)
    -> Int?
  {
    var newline = end
    if newline < bytes.count, bytes[newline] == 0x0D, newline + 1 < bytes.count {
      newline += 1
    }
    guard newline == bytes.count || bytes[newline] == 0x0A, newline <= limit else { return nil }
    return newline
  }
}

extension UnsafeBufferPointer<UInt8> {
  /// Whether a newline comes before `end`.
  fileprivate func containsNewline(before end: Int) -> Bool {
    guard let base = baseAddress, end > 0 else { return false }
    return memchr(base, 0x0A, end) != nil
  }
}

extension JSONParser {
  /// Sets `fields` to the needed members of the record in `bytes`, with ranges shifted by
  /// `origin`; `false` (with `fields` undefined) when the record is not plain enough (or
  /// not valid), so the full reader must decide.
  ///
  /// `memory`, when given, holds the keys of the line projected before, position by
  /// position, and is updated with this line's.
  ///
  /// With `toLineEnd` `false`, the record may end before the buffer does: `index` is then
  /// left after its closing brace, and what follows is not looked at.
  mutating func projectLeg(
    origin: Int, into fields: inout _LegFields, memory: _ProjectionMemory?,
    toLineEnd: Bool = true
  ) -> Bool {
    var triedShapes = false
    // Where the values are noted to make a shape (`nil` while shapes are paused).
    var noting: UnsafeMutablePointer<_ShapeRecording>?
    if let memory {
      let state = memory.state
      if state.pointee.linesWithoutShapes > 0 {
        state.pointee.linesWithoutShapes -= 1
      } else {
        noting = memory.recording
        if !memory.shapes.isEmpty {
          if projectByShapes(
            origin: origin, into: &fields, shapes: memory.shapes, toLineEnd: toLineEnd)
          {
            state.pointee.shapedLines += 1
            state.pointee.shapeMisses = 0
            state.pointee.pause = _ProjectionState.firstPause
            return true
          }
          // No shape fits: read from the start, as if no shape had been tried.
          triedShapes = true
          index = 0
          depth = 0
          metWhitespace = false
        }
      }
    }
    fields = _LegFields()
    noting?.pointee.removeAll()
    do {
      guard
        try projectLegThrowing(
          origin: origin, into: &fields, memory: memory, noting: noting, toLineEnd: toLineEnd)
      else { return false }
      if let memory, let noting {
        if triedShapes { memory.state.pointee.missedShape() }
        memory.shapes.make(from: noting.pointee, of: bytes, end: noting.pointee.end)
      }
      return true
    } catch {
      return false
    }
  }

  /// Projects the record at the start of `bytes` by one of `shapes` (``_LineShapes``):
  /// `true` when the bytes between its values are a shape's, in order, and every value is
  /// what that shape's step reads; the fields are then what ``projectLegThrowing`` sets
  /// (that line would be read member by member to the same values, keys and separators
  /// being the shape's). `false` otherwise, with `fields`, `index` and `depth` undefined.
  ///
  /// When the bytes before a value are not the current shape's, a shape that has every
  /// step before in common with it is tried from there.
  private mutating func projectByShapes(
    origin: Int, into fields: inout _LegFields, shapes: _LineShapes, toLineEnd: Bool
  ) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    fields = _LegFields()
    var current = shapes.shape(at: 0)
    var (steps, _, literals) = shapes.shape(current)
    var tried: UInt32 = 0
    var callID: Range<Int>?
    var step = 0
    index = 0
    do {
      while true {
        let next = steps[step]
        let count = Int(next.literalCount)
        guard index + count <= bytes.count,
          _bytesEqual(
            base + index, literals + Int(next.literalStart), count,
            available: bytes.count - index)
        else {
          tried |= 1 << UInt32(current)
          var other: Int?
          for position in 0..<shapes.count {
            let candidate = shapes.shape(at: position)
            if tried & (1 << UInt32(candidate)) == 0
              && shapes.sharedSteps(current, candidate) >= step
            {
              other = candidate
              break
            }
          }
          guard let other else { return false }
          current = other
          (steps, _, literals) = shapes.shape(current)
          continue
        }
        index += count
        let action = next.action
        step += 1
        if action == .end { break }
        if let read = readCommonValue(
          action, plainShapes: next.plainShapes, into: &fields, callID: &callID, origin: origin)
        {
          guard read else { return false }
          continue
        }
        depth = Int(next.depth)
        guard
          try projectValue(
            action, plainShapes: next.plainShapes, into: &fields, callID: &callID,
            origin: origin)
        else { return false }
      }
    } catch {
      return false
    }
    depth = 0
    if toLineEnd {
      skipWhitespace()
      guard index == bytes.count else { return false }
    }
    guard let callID else { return false }
    fields.callID = (callID.lowerBound + origin)..<(callID.upperBound + origin)
    shapes.matched(current)
    return true
  }

  /// Reads the value at `index` when it is one of the common cases of `action`
  /// (``_ShapeAction``): a plain string or integer skipped, or a kept string or integer.
  /// Returns whether it was read as the action keeps it (a kept value must be a plain
  /// string, or a plain integer literal); `nil`, with nothing read, for any other case,
  /// which ``projectValue`` reads. Kept ranges go into `fields` shifted by `origin`, the
  /// call id into `callID` as it is. Made part of each caller (it is not inlined
  /// otherwise): a call per value was a tenth of a line's instructions.
  @_transparent
  private mutating func readCommonValue(
    _ action: _ShapeAction, plainShapes: UInt8, into fields: inout _LegFields,
    callID: inout Range<Int>?, origin: Int
  ) -> Bool? {
    if action == .skip || action == .skipVariable {
      guard let shape = skipPlainValue() else { return nil }
      return action == .skipVariable || Self.holds(plainShapes, shape)
    }
    if action.keepsText {
      guard let text = plainString() else { return false }
      if action == .callID {
        callID = text
      } else {
        fields.setText((text.lowerBound + origin)..<(text.upperBound + origin), for: action)
      }
      return true
    }
    if action.keepsInteger {
      guard let value = plainInteger() else { return false }
      fields.setInteger(value, for: action)
      return true
    }
    return nil
  }

  /// Reads the value at `index` as `action` says (``_ShapeAction``): the common cases as
  /// ``readCommonValue`` reads them, the direction and the loopback leg (each one of two
  /// words), and any other value of a skipped member (validated, its shape one of
  /// `plainShapes` for a top-level member). `false` (give up) when the value is not what
  /// the action keeps. The one place where a value is read, by shape or member by member.
  private mutating func projectValue(
    _ action: _ShapeAction, plainShapes: UInt8, into fields: inout _LegFields,
    callID: inout Range<Int>?, origin: Int
  ) throws -> Bool {
    if let read = readCommonValue(
      action, plainShapes: plainShapes, into: &fields, callID: &callID, origin: origin)
    {
      return read
    }
    switch action {
    case .direction:
      guard let word = plainWord("inbound", "outbound") else { return false }
      fields.direction = word
    case .loopbackLeg:
      guard let word = plainWord("A", "B") else { return false }
      fields.loopbackLeg = word
    case .skip:
      // A modeled member read with a drift note counts its record as drifted: that is for
      // the full reader to decide.
      return try skipUnneededValue(readingWithoutDrift: plainShapes)
    case .skipVariable: _ = try skipUnneededValue(readingWithoutDrift: 0xFF)
    default: return false
    }
    return true
  }

  /// The byte at `index` once whitespace there is skipped (`nil`: the end). Between the
  /// tokens of a compact line there is none, so this is one look at one byte.
  @inline(__always)
  private mutating func nextToken() -> UInt8? {
    guard index < bytes.count else { return nil }
    let byte = bytes[index]
    if byte > 0x20 { return byte }
    skipWhitespaceRun()
    return index < bytes.count ? bytes[index] : nil
  }

  /// Moves past `byte`, the next token (after any whitespace); `false` when another
  /// token or the end comes first.
  @inline(__always)
  private mutating func take(_ byte: UInt8) -> Bool {
    guard nextToken() == byte else { return false }
    index += 1
    return true
  }

  /// A plain string at `index` (its text range, `index` moved past it), or `nil`.
  @inline(__always)
  private mutating func plainString() -> Range<Int>? {
    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
    let cursor = plainRunEnd(from: index + 1)
    guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { return nil }
    let text = (index + 1)..<cursor
    index = cursor + 1
    return text
  }

  /// A plain integer literal of up to 18 digits at `index`, or `nil`: an optional minus
  /// and digits, without a leading zero, a fraction or an exponent (for those the full
  /// reader decides). Read in one pass, the digits summed as they are checked: eight at a
  /// time while eight digits follow (the times of a leg have 11 and 16), then one by one.
  @inline(__always)
  private mutating func plainInteger() -> Int? {
    var cursor = index
    guard cursor < bytes.count else { return nil }
    let negative = bytes[cursor] == UInt8(ascii: "-")
    if negative { cursor += 1 }
    let digitsStart = cursor
    var value = 0
    if let base = bytes.baseAddress {
      while cursor + 8 <= bytes.count {
        let word = UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self).littleEndian
        guard let eight = Self.eightDigits(word) else { break }
        value = value &* 100_000_000 &+ eight
        cursor += 8
      }
    }
    while cursor < bytes.count {
      let digit = bytes[cursor] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      value = value &* 10 &+ Int(digit)
      cursor += 1
    }
    let digits = cursor - digitsStart
    guard digits > 0, digits <= 18 else { return nil }
    if digits > 1, bytes[digitsStart] == UInt8(ascii: "0") { return nil }
    if cursor < bytes.count,
      bytes[cursor] == UInt8(ascii: ".") || bytes[cursor] | 0x20 == UInt8(ascii: "e")
    {
      return nil
    }
    index = cursor
    return negative ? -value : value
  }

  /// The value of eight ASCII digits, the first in the lowest byte of `word`; `nil` when
  /// one of the eight bytes is not a digit. Each byte is checked (its high nibble 3, and
  /// still 3 with 6 added: `0` to `9`), then pairs, fours and the eight are combined by
  /// three multiplications.
  @inline(__always)
  private static func eightDigits(_ word: UInt64) -> Int? {
    let nibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    let threes: UInt64 = 0x3030_3030_3030_3030
    guard word & nibbles == threes, (word &+ 0x0606_0606_0606_0606) & nibbles == threes else {
      return nil
    }
    var digits = word &- threes
    // Pairs: the first digit of each pair times ten plus the second, in every other byte.
    digits = (digits &* 10 &+ (digits >> 8)) & 0x00FF_00FF_00FF_00FF
    // Fours in every other 16-bit lane, then the eight in the low 32 bits.
    let fours = (digits &* 100 &+ (digits >> 16)) & 0x0000_FFFF_0000_FFFF
    return Int(truncatingIfNeeded: (fours &* 10_000 &+ (fours >> 32)) & 0xFFFF_FFFF)
  }

  /// A plain string at `index` that is `first` (1) or `second` (2), `index` moved past it;
  /// `nil` for any other value.
  @inline(__always)
  private mutating func plainWord(_ first: StaticString, _ second: StaticString) -> UInt8? {
    guard let text = plainString() else { return nil }
    if Self.holds(bytes, text, first) { return 1 }
    if Self.holds(bytes, text, second) { return 2 }
    return nil
  }

  /// Whether `bytes[range]` holds exactly `word`.
  @inline(__always)
  private static func holds(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString
  ) -> Bool {
    guard range.count == word.utf8CodeUnitCount else { return false }
    let pointer = word.utf8Start
    for offset in 0..<range.count where bytes[range.lowerBound + offset] != pointer[offset] {
      return false
    }
    return true
  }

  private mutating func projectLegThrowing(
    origin: Int, into fields: inout _LegFields, memory: _ProjectionMemory?,
    noting: UnsafeMutablePointer<_ShapeRecording>?, toLineEnd: Bool
  ) throws -> Bool {
    let keys = memory?.keys
    skipWhitespace()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return false }
    try enter()
    index += 1
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return false }
    let table = _CDRFieldTable.shared
    let buffer = bytes
    var callID: Range<Int>?
    var seen = _SeenFields()
    // A KAZOO listing row, which the reader rejects, has neither `call_direction` nor
    // `custom_channel_vars`; without either, the reader decides.
    var notAListingRow = false
    func shifted(_ range: Range<Int>) -> Range<Int> {
      (range.lowerBound + origin)..<(range.upperBound + origin)
    }
    var position = 0
    while true {
      guard nextToken() == UInt8(ascii: "\""), let base = bytes.baseAddress else { return false }
      let keyStart = index + 1
      let cursor: Int
      let key: _ProjectedKey
      if let keys, let predicted = keys.match(position, base + keyStart, bytes.count - keyStart),
        let known = predicted.value
      {
        // The same plain bytes as the previous line's key here, then a quote: the key
        // scan and the lookup would find that key's end and field again.
        cursor = keyStart + predicted.count
        key = known
      } else {
        cursor = plainRunEnd(from: keyStart)
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { return false }
        key = _ProjectedKey(table.field(base + keyStart, cursor - keyStart))
        keys?.remember(position, base + keyStart, cursor - keyStart, key)
      }
      let field = key.field
      position += 1
      let keyRange = keyStart..<cursor
      index = cursor + 1
      guard take(UInt8(ascii: ":")) else { return false }
      skipWhitespace()
      if let field {
        guard seen.insert(field) else { return false }
        if field == .customChannelVars {
          guard
            try projectChannelVariables(
              into: &fields, origin: origin, memory: memory, noting: noting)
          else { return false }
          notAListingRow = true
        } else {
          // A KAZOO listing row has no `call_direction` (see above).
          if field == .callDirection { notAListingRow = true }
          let valueStart = index
          if let read = readCommonValue(
            key.action, plainShapes: key.plainShapes, into: &fields, callID: &callID,
            origin: origin)
          {
            guard read else { return false }
          } else {
            guard
              try projectValue(
                key.action, plainShapes: key.plainShapes, into: &fields, callID: &callID,
                origin: origin)
            else { return false }
          }
          noting?.pointee.note(
            key.action, from: valueStart, to: index, plainShapes: key.plainShapes, depth: 1)
        }
      } else {
        // A webhook payload is reshaped by the full reader (its ids move into the channel
        // variables), so it is left to it.
        if Self.holds(buffer, keyRange, "transfer_history")
          || Self.holds(buffer, keyRange, "hook_event")
        {
          return false
        }
        let valueStart = index
        _ = try skipUnneededValue(readingWithoutDrift: 0xFF)
        noting?.pointee.note(.skip, from: valueStart, to: index, depth: 1)
      }
      guard let separator = nextToken() else { return false }
      if separator == UInt8(ascii: ",") {
        index += 1
      } else if separator == UInt8(ascii: "}") {
        index += 1
        depth -= 1
        noting?.pointee.end = index
        break
      } else {
        return false
      }
    }
    if toLineEnd {
      skipWhitespace()
      guard index == bytes.count else { return false }
    }
    guard let callID, notAListingRow else { return false }
    fields.callID = shifted(callID)
    return true
  }

  /// Reads the `custom_channel_vars` object at `index`: its `bridge_id`, `account_id` and
  /// `owner_id` (each a plain string, each once) into `fields`, every other member
  /// validated and skipped. `false` (give up) on a key that is not plain, a repeated or
  /// not plain needed member, or anything that is not JSON; the full reader then decides,
  /// so only success has to end where the general scan would.
  @inline(__always)
  private mutating func projectChannelVariables(
    into fields: inout _LegFields, origin: Int, memory: _ProjectionMemory?,
    noting: UnsafeMutablePointer<_ShapeRecording>?
  ) throws -> Bool {
    guard index < bytes.count, bytes[index] == UInt8(ascii: "{"), let base = bytes.baseAddress
    else { return false }
    try enter()
    index += 1
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return true
    }
    let keys = memory?.channelVariables
    var seen: UInt8 = 0
    var position = 0
    while true {
      guard nextToken() == UInt8(ascii: "\"") else { return false }
      let keyStart = index + 1
      let keyEnd: Int
      // 1: bridge_id, 2: account_id, 4: owner_id, 0: another member.
      let slot: UInt8
      if let keys, let predicted = keys.match(position, base + keyStart, bytes.count - keyStart) {
        keyEnd = keyStart + predicted.count
        slot = predicted.value ?? 0
      } else {
        keyEnd = plainRunEnd(from: keyStart)
        guard keyEnd < bytes.count, bytes[keyEnd] == UInt8(ascii: "\"") else { return false }
        let key = keyStart..<keyEnd
        if Self.holds(bytes, key, "bridge_id") {
          slot = 1
        } else if Self.holds(bytes, key, "account_id") {
          slot = 2
        } else if Self.holds(bytes, key, "owner_id") {
          slot = 4
        } else {
          slot = 0
        }
        keys?.remember(position, base + keyStart, keyEnd - keyStart, slot)
      }
      position += 1
      index = keyEnd + 1
      guard take(UInt8(ascii: ":")) else { return false }
      skipWhitespace()
      let action: _ShapeAction
      switch slot {
      case 0: action = .skipVariable
      case 1: action = .bridgeID
      case 2: action = .channelAccountID
      default: action = .ownerID
      }
      if slot != 0 {
        guard seen & slot == 0 else { return false }
        seen |= slot
      }
      let valueStart = index
      var unused: Range<Int>?
      if let read = readCommonValue(
        action, plainShapes: 0xFF, into: &fields, callID: &unused, origin: origin)
      {
        guard read else { return false }
      } else {
        guard
          try projectValue(
            action, plainShapes: 0xFF, into: &fields, callID: &unused, origin: origin)
        else { return false }
      }
      noting?.pointee.note(action, from: valueStart, to: index, depth: 2)
      switch nextToken() {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        depth -= 1
        return true
      default: return false
      }
    }
  }

  /// Validates and skips a member value the projection does not keep, as
  /// ``skipMemberValue()`` does, and tells whether its shape is one of `plainShapes` (bits
  /// `1 << shape.rawValue`: for a modeled member, those it reads without a drift note,
  /// `_CDRField.plainShapes`; all for any other). Its two most common cases are read by
  /// ``skipPlainValue()``; anything else goes to the general skipping
  /// (``skipValueShape()``).
  @inline(__always)
  private mutating func skipUnneededValue(readingWithoutDrift plainShapes: UInt8) throws -> Bool {
    if let shape = skipPlainValue() { return Self.holds(plainShapes, shape) }
    return Self.holds(plainShapes, try skipValueShape())
  }

  /// Skips the value at `index` when it is one of the two most common kinds, a plain string
  /// or an integer that starts with a nonzero digit and is followed by no fraction or
  /// exponent, and returns its shape; `nil` (`index` unchanged) for any other value. It
  /// ends exactly where the general skipping (``skipValueShape()``) would.
  @inline(__always)
  private mutating func skipPlainValue() -> _ValueShape? {
    guard index < bytes.count else { return nil }
    let start = index
    let first = bytes[start]
    if first == UInt8(ascii: "\"") {
      let cursor = plainRunEnd(from: start + 1)
      if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") {
        index = cursor + 1
        return .plainString
      }
    } else if first &- UInt8(ascii: "1") < 9 {
      var cursor = start + 1
      while cursor < bytes.count, bytes[cursor] &- UInt8(ascii: "0") < 10 { cursor += 1 }
      if cursor == bytes.count
        || (bytes[cursor] != UInt8(ascii: ".") && bytes[cursor] | 0x20 != UInt8(ascii: "e"))
      {
        index = cursor
        return cursor - start <= 18 ? .plainInteger : .otherNumber
      }
    }
    return nil
  }

  /// Whether `shape`'s bit is set in `shapes`.
  @inline(__always)
  private static func holds(_ shapes: UInt8, _ shape: _ValueShape) -> Bool {
    shapes & (1 << shape.rawValue) != 0
  }
}

extension CDRReader {
  /// Cuts `from..<to` of whole NDJSON lines into about `count` line-aligned ranges, as the
  /// concurrent reader does.
  package static func cutLines(_ bytes: [UInt8], from: Int, to: Int, into count: Int)
    -> [Range<Int>]
  {
    _LineChunkMerger.cut(bytes, from: from, to: to, into: count)
  }

  /// ``cutLines(_:from:to:into:)-([UInt8],_,_,_)`` for bytes in memory.
  package static func cutLines(
    _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, into count: Int
  ) -> [Range<Int>] {
    _LineChunkMerger.cut(bytes, from: from, to: to, into: count)
  }
}

/// What a chunk's projection remembers from one line to the next: the keys of the last
/// line, at the top level and in `custom_channel_vars`.
final class _ProjectionMemory {
  let keys = _KeyPredictions<_ProjectedKey>(positions: 128)
  let channelVariables = _KeyPredictions<UInt8>(positions: 32)
  /// The shapes of the last lines (``_LineShapes``).
  let shapes = _LineShapes()
  /// What changes line by line and member by member, behind a pointer: every access to a
  /// class's stored `var` is checked for exclusivity at run time (some hundred
  /// instructions, with a thread-local lookup).
  let state: UnsafeMutablePointer<_ProjectionState>
  /// The line being read member by member, noted to become a shape.
  let recording: UnsafeMutablePointer<_ShapeRecording>

  init() {
    state = .allocate(capacity: 1)
    state.initialize(to: _ProjectionState())
    recording = .allocate(capacity: 1)
    recording.initialize(to: _ShapeRecording())
  }

  deinit {
    state.deinitialize(count: 1)
    state.deallocate()
    recording.deinitialize(count: 1)
    recording.deallocate()
  }

  /// How many lines were projected by a shape.
  var shapedLines: Int { state.pointee.shapedLines }
}

/// The state of a chunk's projection that changes from line to line.
struct _ProjectionState {
  /// How many lines were projected by a shape.
  var shapedLines = 0
  /// Lines that no shape fitted (and that became shapes), in a row.
  var shapeMisses = 0
  /// Lines still to be read member by member without trying or making shapes: lines of
  /// many shapes (more than ``_LineShapes/capacity`` in turn) would each be tried against
  /// every shape and made one in vain.
  var linesWithoutShapes = 0
  /// The lines without shapes after the next misses: doubled at every pause, up to
  /// ``longestPause``, and back to ``firstPause`` when a shape fits.
  var pause = firstPause
  static let firstPause = 4
  static let longestPause = 256

  /// Notes a line that no shape fitted: after two in a row, shapes are paused.
  mutating func missedShape() {
    shapeMisses += 1
    guard shapeMisses >= 2 else { return }
    shapeMisses = 0
    linesWithoutShapes = pause
    pause = Swift.min(pause * 2, Self.longestPause)
  }
}

/// A top-level key as the projection reads it: its field (`nil`: not a modeled member) and
/// the shapes its value may have to be read without a drift note (every shape for a member
/// that is not modeled).
struct _ProjectedKey {
  let field: _CDRField?
  let plainShapes: UInt8
  /// What is done with the member's value (`custom_channel_vars` is read on its own).
  let action: _ShapeAction

  init(_ field: _CDRField?) {
    self.field = field
    plainShapes = field?.plainShapes ?? 0xFF
    switch field {
    case .callID: action = .callID
    case .otherLegCallID: action = .otherLegCallID
    case .channelLoopbackOtherLegID: action = .loopbackOtherLegID
    case .interactionID: action = .interactionID
    case .privateAccountID: action = .privateAccountID
    case .callerIDNumber: action = .callerIDNumber
    case .callerIDName: action = .callerIDName
    case .calleeIDNumber: action = .calleeIDNumber
    case .calleeIDName: action = .calleeIDName
    case .disposition: action = .disposition
    case .callDirection: action = .direction
    case .channelLoopbackLeg: action = .loopbackLeg
    case .billingSeconds: action = .billingSeconds
    case .ringingSeconds: action = .ringingSeconds
    case .channelCreatedTime: action = .channelCreatedTime
    case .timestamp: action = .timestamp
    case .durationSeconds: action = .durationSeconds
    default: action = .skip
    }
  }
}

/// The keys of the last lines a chunk projected, by their position in the line (or in one
/// of its objects), each with what it means to the projection (`Value`): the lines of
/// one export nearly always name the same members in the same order, so a key that has the
/// same bytes as a key seen at its position before (followed by a quote) is known without
/// scanning it for its end and looking it up. Only plain keys, which ended at a quote, are
/// remembered, so a match is plain too. Keys longer than a slot and positions past the last
/// slot are scanned as usual.
///
/// Each position remembers two keys: the one remembered last, tried first, and the one
/// before it, tried (out of line) when the first does not match. An
/// export often mixes two shapes of line (a leg with `other_leg_call_id` and one without,
/// which moves every later key by one); with one key a position each shape would undo the
/// other's.
final class _KeyPredictions<Value> {
  /// The positions remembered.
  let positions: Int
  /// The longest key remembered.
  static var slotBytes: Int { 64 }
  /// Per position, the slot of the key tried first; the slots of the keys tried second
  /// follow all of those (at `positions + position`).
  private let text: UnsafeMutablePointer<UInt8>
  /// Per slot: the key's length (-1: nothing remembered) and its value.
  private let lengths: UnsafeMutablePointer<Int>
  private let values: UnsafeMutablePointer<Value?>
  /// Per slot, a key of up to 16 bytes as two words (``words(_:_:)``), so that one is
  /// matched with two loads of the line and no loop.
  private let heads: UnsafeMutablePointer<UInt64>
  private let tails: UnsafeMutablePointer<UInt64>

  init(positions: Int) {
    self.positions = positions
    text = .allocate(capacity: 2 * positions * Self.slotBytes)
    text.initialize(repeating: 0, count: 2 * positions * Self.slotBytes)
    lengths = .allocate(capacity: 2 * positions)
    lengths.initialize(repeating: -1, count: 2 * positions)
    values = .allocate(capacity: 2 * positions)
    values.initialize(repeating: nil, count: 2 * positions)
    heads = .allocate(capacity: 2 * positions)
    heads.initialize(repeating: 0, count: 2 * positions)
    tails = .allocate(capacity: 2 * positions)
    tails.initialize(repeating: 0, count: 2 * positions)
  }

  deinit {
    text.deallocate()
    lengths.deallocate()
    values.deinitialize(count: 2 * positions)
    values.deallocate()
    heads.deallocate()
    tails.deallocate()
  }

  /// The first and the last eight of the `count` bytes at `key` (at least eight of them
  /// readable), as words: for fewer than eight, the first word holds them (in memory
  /// order, the rest masked off) and the second is zero. Two keys of up to 16 bytes are
  /// equal when their lengths and words are.
  @inline(__always)
  private static func words(_ key: UnsafePointer<UInt8>, _ count: Int) -> (UInt64, UInt64) {
    let raw = UnsafeRawPointer(key)
    let head = raw.loadUnaligned(as: UInt64.self)
    guard count >= 8 else {
      return (head.littleEndian & (~0 >> (64 - 8 * UInt64(count))), 0)
    }
    return (head, raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
  }

  /// A key remembered at `position` when the `available` bytes at `key` start with it and
  /// a quote follows: its length and value.
  @inline(__always)
  func match(_ position: Int, _ key: UnsafePointer<UInt8>, _ available: Int)
    -> (count: Int, value: Value?)?
  {
    guard position < positions else { return nil }
    let count = lengths[position]
    if count >= 0, count < available, key[count] == UInt8(ascii: "\"") {
      if count <= 16, available >= 8 {
        let (head, tail) = Self.words(key, count)
        if head == heads[position], tail == tails[position] { return (count, values[position]) }
      } else if _bytesEqual(key, text + position * Self.slotBytes, count, available: available) {
        return (count, values[position])
      }
    }
    return matchSecond(position, key, available)
  }

  /// ``match(_:_:_:)`` against the key tried second at `position`. A match leaves it second:
  /// moved in front, an export that alternates two shapes of line swapped the two keys at
  /// every line of the second shape (both slots copied each time: 0.6 % of the
  /// instructions of `cdr interactions` on the benchmark's legs), where leaving them costs
  /// one failed comparison.
  @inline(never)
  private func matchSecond(_ position: Int, _ key: UnsafePointer<UInt8>, _ available: Int)
    -> (count: Int, value: Value?)?
  {
    let second = positions + position
    let count = lengths[second]
    guard count >= 0, count < available, key[count] == UInt8(ascii: "\"") else { return nil }
    guard _bytesEqual(key, text + second * Self.slotBytes, count, available: available) else {
      return nil
    }
    return (count, values[second])
  }

  /// Remembers the plain key of `count` bytes at `key`, meaning `value`, as the one tried
  /// first at `position`; the one tried first before is tried second.
  @inline(__always)
  func remember(_ position: Int, _ key: UnsafePointer<UInt8>, _ count: Int, _ value: Value?) {
    guard position < positions else { return }
    let second = positions + position
    swapSlots(position, second)
    guard count <= Self.slotBytes else {
      lengths[position] = -1
      return
    }
    let slot = text + position * Self.slotBytes
    slot.update(from: key, count: count)
    lengths[position] = count
    values[position] = value
    // The words of the slot's copy: its bytes after the key are readable (and ignored).
    (heads[position], tails[position]) = count <= 16 ? Self.words(slot, count) : (0, 0)
  }

  /// Exchanges the keys, lengths, values and words of slots `a` and `b`.
  private func swapSlots(_ a: Int, _ b: Int) {
    let left = UnsafeMutableRawPointer(text + a * Self.slotBytes)
    let right = UnsafeMutableRawPointer(text + b * Self.slotBytes)
    for offset in stride(from: 0, to: Self.slotBytes, by: 8) {
      let word = left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      left.storeBytes(
        of: right.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset,
        as: UInt64.self)
      right.storeBytes(of: word, toByteOffset: offset, as: UInt64.self)
    }
    swap(&lengths[a], &lengths[b])
    swap(&values[a], &values[b])
    swap(&heads[a], &heads[b])
    swap(&tails[a], &tails[b])
  }
}

/// Whether the `count` bytes at `a` (of which `available` can be read) and at `b` (of which
/// at least `max(count, 8)` can be read) are equal: eight at a time, the last eight
/// overlapping the ones before; fewer than eight in one load, the bytes after them masked
/// off.
@inline(__always)
func _bytesEqual(
  _ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int, available: Int
) -> Bool {
  let left = UnsafeRawPointer(a)
  let right = UnsafeRawPointer(b)
  guard count >= 8 else {
    if available >= 8 {
      let mask: UInt64 = ~0 >> (64 - 8 * UInt64(count))
      let difference =
        left.loadUnaligned(as: UInt64.self).littleEndian
        ^ right.loadUnaligned(as: UInt64.self).littleEndian
      return difference & mask == 0
    }
    for offset in 0..<count where a[offset] != b[offset] { return false }
    return true
  }
  var offset = 0
  while offset + 8 < count {
    if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    {
      return false
    }
    offset += 8
  }
  return left.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    == right.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
}
