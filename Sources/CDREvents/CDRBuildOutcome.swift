import CDRModel

/// What ``CDRBuilder/build(_:)`` made of one leg.
public enum CDRBuildOutcome: Sendable, Hashable {
  /// The stored CDR document KAZOO's cdr app would save.
  case built(CallDetailRecord)
  /// The leg is already a stored CDR (`pvt_type` `cdr`); it is passed on unchanged.
  case alreadyStored(CallDetailRecord)
  /// KAZOO would save no CDR for this leg; the reason says why.
  case skipped(CDRSkipReason)

  /// The CDR to write: the built or passed-on one; `nil` when skipped.
  public var record: CallDetailRecord? {
    switch self {
    case .built(let record), .alreadyStored(let record): record
    case .skipped: nil
    }
  }
}

/// Why KAZOO's cdr app saves no CDR for a `CHANNEL_DESTROY` event.
public enum CDRSkipReason: Sendable, Hashable, CustomStringConvertible {
  /// The event's top-level `Application-Name` is in `cdr.ignore_apps`.
  case ignoredApplication(String)
  /// A loopback channel that bowed out (`ignore_loopback_bowout`): KAZOO records the call
  /// on the legs that remain. `loopbackLeg` and `hangupCause` as the event held them.
  case loopbackBowout(loopbackLeg: String?, hangupCause: String?)
  /// No account id in the channel variables, and anonymous CDRs are not stored
  /// (`cdr.store_anonymous` is false, KAZOO's default).
  case anonymous
  /// The channel variable `Call-Interaction-ID` is not `<11 digits>-<key>`: KAZOO's
  /// `set_interaction` crashes on it and no CDR is saved.
  case malformedInteractionID(String)
  /// The built document could not be read back as a CDR (the text says why).
  case unreadable(String)

  /// A human sentence.
  public var message: String {
    switch self {
    case .ignoredApplication(let name):
      "application \(JSONValue.string(name).jsonText) is in cdr.ignore_apps; KAZOO saves no CDR for it"
    case .loopbackBowout(let leg, let cause):
      "a loopback leg (\(leg ?? "no leg marker"), \(cause ?? "no hangup cause")) that bowed out; "
        + "KAZOO ignores it (ignore_loopback_bowout)"
    case .anonymous:
      "no account_id in the channel variables; KAZOO saves anonymous CDRs only with "
        + "cdr.store_anonymous"
    case .malformedInteractionID(let id):
      "interaction id \(JSONValue.string(id).jsonText) is not <11 digits>-<key>; "
        + "KAZOO's cdr app crashes on it and saves no CDR"
    case .unreadable(let reason): "the built CDR cannot be read: \(reason)"
    }
  }

  /// The same as ``message``.
  public var description: String { message }
}
