// The members of one NDJSON line whose verdict is certain and that need no conversion, for
// renderers that write a record's output straight from its bytes (`cdr csv`'s rows). One
// structural scan (`CDRReader.scanMemberShapes`, which accepts exactly what the byte-level
// decoder accepts) describes the top-level members and those of `custom_channel_vars`; the
// line is taken only when the reader would accept it, as it stands, without a single drift
// note:
//
// - every key plain (ASCII without escapes), at the top level and in the channel variables,
//   so each key's bytes are its name; no modeled key twice;
// - `call_id` a string, `call_direction` `inbound` or `outbound` (so the record is not a
//   KAZOO listing row, and its direction is known);
// - every other modeled member in its property's plain form (`_CDRField.isPlain`), no
//   top-level `media_recordings` (a list the decoder converts);
// - no `hook_event` (a webhook payload, reshaped by the reader) and no `transfer_history`.
//
// On anything else `read` returns `false`, deciding nothing: the caller leaves the line to
// the full reader, which accepts, converts or rejects it as always.

/// The described members of one record line (see the top of this file), reused from line to
/// line.
package struct _PlainRecordMembers {
  /// The scan's members: the record's chain from 0, the channel variables' after theirs.
  package private(set) var shapes = _MemberShapes()
  /// For each ``_CDRField`` (by raw value), the position of its member in `shapes`, or -1.
  private var fieldMembers = [Int32](repeating: -1, count: _CDRField.allCases.count)
  /// Whether `call_direction` is `outbound` (else `inbound`).
  package private(set) var isOutbound = false

  package init() {}

  /// Describes `line` (one JSON object, optionally surrounded by whitespace); `true` only
  /// when the reader accepts it unchanged and without drift notes (see the top of this
  /// file).
  package mutating func read(_ line: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Bool {
    fieldMembers.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
    guard let base = line.baseAddress,
      CDRReader.scanMemberShapes(
        line, maximumDepth: maximumDepth, describedLevels: 2, into: &shapes),
      shapes.members.count < Int(Int32.max)
    else { return false }
    let table = _CDRFieldTable.shared
    let members = shapes.members
    var position = 0
    while position < members.count {
      let member = members[position]
      guard member.keyIsPlain else { return false }
      if let field = table.field(base + member.key.lowerBound, member.key.count) {
        let slot = Int(field.rawValue)
        guard fieldMembers[slot] < 0 else { return false }
        fieldMembers[slot] = Int32(position)
        switch field {
        case .callID:
          guard member.shape == .plainString || member.shape == .otherString else {
            return false
          }
        case .callDirection:
          guard member.shape == .plainString else { return false }
          let text = UnsafeBufferPointer(
            rebasing: line[(member.value.lowerBound + 1)..<(member.value.upperBound - 1)])
          if text.elementsEqual("outbound".utf8) {
            isOutbound = true
          } else if text.elementsEqual("inbound".utf8) {
            isOutbound = false
          } else {
            return false
          }
        case .mediaRecordings:
          return false
        case .customChannelVars:
          guard member.shape == .object else { return false }
          for inner in member.members where !members[inner].keyIsPlain { return false }
        default:
          guard field.isPlain(member.shape) else { return false }
        }
      } else {
        let key = UnsafeBufferPointer(rebasing: line[member.key])
        if (key.count == 10 && key.elementsEqual("hook_event".utf8))
          || (key.count == 16 && key.elementsEqual("transfer_history".utf8))
        {
          return false
        }
      }
      position = member.next
    }
    return fieldMembers[Int(_CDRField.callID.rawValue)] >= 0
      && fieldMembers[Int(_CDRField.callDirection.rawValue)] >= 0
  }

  /// The member of `field`, if the line has one.
  @inline(__always)
  package func member(_ field: _CDRField) -> _MemberShape? {
    let position = fieldMembers[Int(field.rawValue)]
    return position < 0 ? nil : shapes.members[Int(position)]
  }

  /// The members of `custom_channel_vars`, in document order (empty when it has none).
  package var channelVars: ArraySlice<_MemberShape> {
    guard let variables = member(.customChannelVars) else { return [] }
    return shapes.members[variables.members]
  }

  /// The value of a plain integer literal (an optional `-` and 1 to 18 digits).
  @inline(__always)
  package static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: Range<Int>) -> Int {
    var position = literal.lowerBound
    let negative = bytes[position] == UInt8(ascii: "-")
    if negative { position += 1 }
    var value = 0
    while position < literal.upperBound {
      value = value &* 10 &+ Int(bytes[position] &- UInt8(ascii: "0"))
      position += 1
    }
    return negative ? -value : value
  }
}
