import CDRModel

/// Call KPIs over a set of interactions, or over raw legs as KAZOO's listings count them.
///
/// - ASR (answer-seizure ratio) = answered calls / calls.
/// - ACD (average call duration) = billed seconds / answered calls.
/// - Average ringing = ringing seconds / calls (a post-dial-delay proxy).
///
/// ```swift
/// let kpis = InteractionStatistics(interactions: grouping.interactions)
/// print(kpis.answerSeizureRatio ?? 0, kpis.billedMinutes)
/// ```
public struct InteractionStatistics: Sendable, Hashable, Codable {
  /// Calls counted (interactions, or legs for ``init(legs:)``).
  public var calls = 0
  /// Calls with billed time.
  public var answeredCalls = 0
  /// Legs (documents) behind the calls.
  public var legs = 0
  /// Transfers (see ``CDRModel/CallDetailRecord/transferCount``).
  public var transfers = 0
  /// Total billed seconds.
  public var billingSeconds = 0
  /// Total ringing seconds.
  public var ringingSeconds = 0

  /// Empty statistics.
  public init() {}

  /// Statistics over interactions: one call per interaction, its billed and ringing time
  /// as ``Interaction`` defines them.
  public init(interactions: some Sequence<Interaction>) {
    for interaction in interactions { add(interaction) }
  }

  /// KAZOO-style statistics over raw legs: every leg is a call.
  public init(legs: some Sequence<CallDetailRecord>) {
    for leg in legs { add(leg: leg) }
  }

  /// Counts one interaction.
  public mutating func add(_ interaction: Interaction) {
    addCall(
      legs: interaction.legCount, answered: interaction.answered,
      billingSeconds: interaction.billingSeconds, ringingSeconds: interaction.ringingSeconds,
      transfers: interaction.transferCount)
  }

  /// Counts one leg as a call.
  public mutating func add(leg: CallDetailRecord) {
    addLeg(
      billingSeconds: leg.billingSeconds ?? 0, ringingSeconds: leg.ringingSeconds ?? 0,
      transfers: leg.transferCount)
  }

  /// Counts one call from its figures (what ``add(_:)-(Interaction)`` reads of an
  /// interaction); the leg table counts its calls through it too.
  mutating func addCall(
    legs legCount: Int, answered: Bool, billingSeconds billed: Int, ringingSeconds ringing: Int,
    transfers transferCount: Int
  ) {
    calls += 1
    if answered { answeredCalls += 1 }
    legs += legCount
    transfers += transferCount
    billingSeconds.addSaturating(billed)
    ringingSeconds.addSaturating(ringing)
  }

  /// Counts one leg as a call from its `billing_seconds` and `ringing_seconds` (0 when
  /// absent) and its transfer count; the leg table counts its legs through it too.
  mutating func addLeg(
    billingSeconds billing: Int, ringingSeconds ringing: Int, transfers count: Int
  ) {
    calls += 1
    let billed = max(0, billing)
    if billed > 0 { answeredCalls += 1 }
    legs += 1
    transfers += count
    billingSeconds.addSaturating(billed)
    ringingSeconds.addSaturating(max(0, ringing))
  }

  /// Adds another set's counts (statistics of disjoint sets merge by addition).
  public mutating func add(_ other: InteractionStatistics) {
    calls += other.calls
    answeredCalls += other.answeredCalls
    legs += other.legs
    transfers += other.transfers
    billingSeconds.addSaturating(other.billingSeconds)
    ringingSeconds.addSaturating(other.ringingSeconds)
  }

  /// Answered calls / calls; `nil` when there are no calls.
  public var answerSeizureRatio: Double? {
    calls > 0 ? Double(answeredCalls) / Double(calls) : nil
  }

  /// Billed seconds per answered call; `nil` when no call was answered.
  public var averageCallDurationSeconds: Double? {
    answeredCalls > 0 ? Double(billingSeconds) / Double(answeredCalls) : nil
  }

  /// Billed seconds / 60.
  public var billedMinutes: Double { Double(billingSeconds) / 60 }

  /// Ringing seconds per call; `nil` when there are no calls.
  public var averageRingingSeconds: Double? {
    calls > 0 ? Double(ringingSeconds) / Double(calls) : nil
  }

  /// Legs per call; `nil` when there are no calls.
  public var legsPerCall: Double? {
    calls > 0 ? Double(legs) / Double(calls) : nil
  }
}

extension Int {
  /// Adds, stopping at `Int.max` or `Int.min` instead of trapping: seconds come from the
  /// documents, and hostile ones hold values near the limits.
  fileprivate mutating func addSaturating(_ other: Int) {
    let (sum, overflow) = addingReportingOverflow(other)
    self = overflow ? (other < 0 ? .min : .max) : sum
  }
}
