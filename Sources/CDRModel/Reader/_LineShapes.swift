// The shapes of the lines a chunk projected last: the lines of one export nearly always
// name the same members, in the same order, written the same compact way, so the bytes
// between one member's value and the next one's (a comma, the key, its quotes and a colon;
// the braces of `custom_channel_vars`) repeat from line to line. A line that repeats them is
// projected by comparing those bytes and reading the values, without scanning each key,
// looking it up, checking the punctuation around it and noting it as seen.

/// What the projection does with one value of a line shape.
enum _ShapeAction: UInt8 {
  // Top-level members kept as plain strings.
  case callID, otherLegCallID, loopbackOtherLegID, interactionID, privateAccountID
  case callerIDNumber, callerIDName, calleeIDNumber, calleeIDName, disposition
  /// `call_direction`: `inbound` or `outbound`.
  case direction
  /// `channel_loopback_leg`: `A` or `B`.
  case loopbackLeg
  // Top-level members kept as plain integers.
  case billingSeconds, ringingSeconds, channelCreatedTime, timestamp, durationSeconds
  /// A top-level member that is not kept: validated and skipped, its shape one of the
  /// step's `plainShapes`.
  case skip
  // Members of `custom_channel_vars` kept as plain strings.
  case bridgeID, channelAccountID, ownerID
  /// A member of `custom_channel_vars` that is not kept: validated and skipped.
  case skipVariable
  /// No value: the step's bytes close the record.
  case end
}

extension _ShapeAction {
  /// Whether the value is kept as a plain string's range (``_LegFields/setText(_:for:)``).
  @inline(__always)
  var keepsText: Bool {
    rawValue <= _ShapeAction.disposition.rawValue
      || (rawValue >= _ShapeAction.bridgeID.rawValue && rawValue <= _ShapeAction.ownerID.rawValue)
  }

  /// Whether the value is kept as a plain integer (``_LegFields/setInteger(_:for:)``).
  @inline(__always)
  var keepsInteger: Bool {
    rawValue >= _ShapeAction.billingSeconds.rawValue
      && rawValue <= _ShapeAction.durationSeconds.rawValue
  }
}

extension _LegFields {
  /// Sets the text field `action` keeps (``_ShapeAction/keepsText``, not `callID`).
  @inline(__always)
  mutating func setText(_ range: Range<Int>, for action: _ShapeAction) {
    switch action {
    case .otherLegCallID: otherLegCallID = range
    case .loopbackOtherLegID: loopbackOtherLegID = range
    case .interactionID: interactionID = range
    case .privateAccountID: privateAccountID = range
    case .callerIDNumber: callerIDNumber = range
    case .callerIDName: callerIDName = range
    case .calleeIDNumber: calleeIDNumber = range
    case .calleeIDName: calleeIDName = range
    case .disposition: disposition = range
    case .bridgeID: bridgeID = range
    case .channelAccountID: channelAccountID = range
    case .ownerID: ownerID = range
    default: break
    }
  }

  /// Sets the integer field `action` keeps (``_ShapeAction/keepsInteger``).
  @inline(__always)
  mutating func setInteger(_ value: Int, for action: _ShapeAction) {
    switch action {
    case .billingSeconds: billingSeconds = value
    case .ringingSeconds: ringingSeconds = value
    case .channelCreatedTime: channelCreatedTime = value
    case .timestamp: timestamp = value
    case .durationSeconds: durationSeconds = value
    default: break
    }
  }
}

/// One step of a line shape: `literalCount` bytes (at `literalStart` of the shape's bytes)
/// that come right before a value (or close the record), and what is done with the value.
struct _ShapeStep {
  var literalStart: Int32
  var literalCount: Int32
  var action: _ShapeAction
  var plainShapes: UInt8
  /// The nesting depth at the value: 1 in the record, 2 in `custom_channel_vars`.
  var depth: UInt8
}

/// The steps of a line as the full projection read it, to become a shape: per value, where
/// it starts and ends in the line and what was done with it.
struct _ShapeRecording {
  static let maximumSteps = 96

  /// One value noted: where it starts and ends in the line, and what was done with it.
  struct Value {
    var start: Int
    var end: Int
    var action: _ShapeAction
    var plainShapes: UInt8
    var depth: UInt8
  }

  var values: [Value] = []
  /// Where the record ended (after its closing brace).
  var end = 0

  init() {
    values.reserveCapacity(Self.maximumSteps)
  }

  mutating func removeAll() {
    values.removeAll(keepingCapacity: true)
  }

  /// Notes a value read from `start` to `end`.
  @inline(__always)
  mutating func note(
    _ action: _ShapeAction, from start: Int, to end: Int, plainShapes shapes: UInt8 = 0xFF,
    depth: UInt8
  ) {
    guard values.count < Self.maximumSteps else { return }
    values.append(
      Value(start: start, end: end, action: action, plainShapes: shapes, depth: depth))
  }
}

/// Up to ``capacity`` line shapes, the one matched last tried first.
final class _LineShapes {
  static let capacity = 4
  /// The longest shape kept, in bytes between values.
  static let maximumBytes = 4096

  private let steps: UnsafeMutablePointer<_ShapeStep>
  /// Per shape, its bytes (eight more than ``maximumBytes``, so eight can always be loaded).
  private let literals: UnsafeMutablePointer<UInt8>
  /// What changes as shapes are matched and made, behind a pointer: every access to a
  /// class's stored `var` is checked for exclusivity at run time.
  private let index: UnsafeMutablePointer<Index>

  private struct Index {
    var stepCounts = [Int](repeating: 0, count: capacity)
    /// `shared[a * capacity + b]`: how many first steps shapes `a` and `b` have in common.
    var shared = [Int](repeating: 0, count: capacity * capacity)
    /// The shapes, the one matched (or made) last first.
    var order: [Int] = []
  }

  init() {
    steps = .allocate(capacity: Self.capacity * _ShapeRecording.maximumSteps)
    literals = .allocate(capacity: Self.capacity * (Self.maximumBytes + 8))
    literals.initialize(repeating: 0, count: Self.capacity * (Self.maximumBytes + 8))
    index = .allocate(capacity: 1)
    index.initialize(to: Index())
  }

  deinit {
    steps.deallocate()
    literals.deallocate()
    index.deinitialize(count: 1)
    index.deallocate()
  }

  var isEmpty: Bool { index.pointee.order.isEmpty }

  /// How many shapes are kept.
  var count: Int { index.pointee.order.count }

  /// The `position`th shape, the one matched last first.
  @inline(__always)
  func shape(at position: Int) -> Int { index.pointee.order[position] }

  /// The steps and bytes of shape `shape`.
  @inline(__always)
  func shape(_ shape: Int) -> (
    steps: UnsafePointer<_ShapeStep>, count: Int, bytes: UnsafePointer<UInt8>
  ) {
    (
      UnsafePointer(steps + shape * _ShapeRecording.maximumSteps), index.pointee.stepCounts[shape],
      UnsafePointer(literals + shape * (Self.maximumBytes + 8))
    )
  }

  /// How many first steps shapes `a` and `b` have in common.
  @inline(__always)
  func sharedSteps(_ a: Int, _ b: Int) -> Int { index.pointee.shared[a * Self.capacity + b] }

  /// Moves `shape` to the front of ``order``.
  @inline(__always)
  func matched(_ shape: Int) {
    guard index.pointee.order[0] != shape,
      let position = index.pointee.order.firstIndex(of: shape)
    else { return }
    index.pointee.order.remove(at: position)
    index.pointee.order.insert(shape, at: 0)
  }

  /// Makes a shape of the line `bytes` (from its start) read as `recording` says, ending at
  /// `end` (after its closing brace), in place of the shape matched longest ago. A line with
  /// whitespace between its values, or too long a shape, is not kept: the shape's bytes are
  /// compared as they are, and the full projection decides where whitespace may stand.
  func make(from recording: _ShapeRecording, of bytes: UnsafeBufferPointer<UInt8>, end: Int) {
    let values = recording.values
    let count = values.count
    guard count > 0, count < _ShapeRecording.maximumSteps, let base = bytes.baseAddress,
      end <= bytes.count
    else { return }
    // The literal bytes: from the line's start (or a value's end) to the next value's start,
    // and from the last value's end to `end`.
    var total = 0
    var previous = 0
    for step in 0...count {
      let start = step < count ? values[step].start : end
      guard start >= previous else { return }
      for position in previous..<start where base[position] <= 0x20 { return }
      total += start - previous
      previous = step < count ? values[step].end : end
    }
    guard total <= Self.maximumBytes else { return }
    let order = index.pointee.order
    let slot = order.count < Self.capacity ? order.count : order[order.count - 1]
    let stepsOut = steps + slot * _ShapeRecording.maximumSteps
    let bytesOut = literals + slot * (Self.maximumBytes + 8)
    var written = 0
    previous = 0
    for step in 0...count {
      let value = step < count ? values[step] : nil
      let start = value?.start ?? end
      (bytesOut + written).update(from: base + previous, count: start - previous)
      stepsOut[step] = _ShapeStep(
        literalStart: Int32(written), literalCount: Int32(start - previous),
        action: value?.action ?? .end, plainShapes: value?.plainShapes ?? 0,
        depth: value?.depth ?? 0)
      written += start - previous
      previous = value?.end ?? end
    }
    index.pointee.stepCounts[slot] = count + 1
    var reordered = order
    if let position = reordered.firstIndex(of: slot) { reordered.remove(at: position) }
    reordered.insert(slot, at: 0)
    index.pointee.order = reordered
    for other in reordered.dropFirst() {
      let common = commonSteps(slot, other)
      index.pointee.shared[slot * Self.capacity + other] = common
      index.pointee.shared[other * Self.capacity + slot] = common
    }
    index.pointee.shared[slot * Self.capacity + slot] = count + 1
  }

  /// How many first steps shapes `a` and `b` have in common (the same bytes before each
  /// value, and the same action).
  private func commonSteps(_ a: Int, _ b: Int) -> Int {
    let (left, leftCount, leftBytes) = shape(a)
    let (right, rightCount, rightBytes) = shape(b)
    var step = 0
    while step < Swift.min(leftCount, rightCount) {
      let l = left[step]
      let r = right[step]
      guard l.action == r.action, l.plainShapes == r.plainShapes, l.depth == r.depth,
        l.literalCount == r.literalCount
      else { break }
      guard
        _bytesEqual(
          leftBytes + Int(l.literalStart), rightBytes + Int(r.literalStart),
          Int(l.literalCount), available: Int(l.literalCount))
      else { break }
      step += 1
    }
    return step
  }
}
