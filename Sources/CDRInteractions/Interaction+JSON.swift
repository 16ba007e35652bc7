import CDRModel

extension InteractionLink {
  /// `{"from": ..., "kind": ..., "to": ...}`.
  public var json: JSONValue {
    .object(["from": .string(from), "to": .string(to), "kind": .string(kind.rawValue)])
  }
}

extension InteractionDiagnostics {
  /// The diagnostics as a JSON object with snake_case keys.
  public var json: JSONValue {
    .object([
      "links": .array(links.map(\.json)),
      "missing_references": .array(missingReferences.map(\.json)),
      "self_references": .array(selfReferences.map(\.json)),
      "interaction_id_disagreements": .array(interactionIDDisagreements.map { .string($0) }),
      "duplicate_call_ids": .array(duplicateCallIDs.map { .string($0) }),
    ])
  }
}

extension Interaction {
  /// A summary row as JSON (what `cdr interactions` prints): `id`, `call_ids` (sorted),
  /// `first_call_id`, `legs` (call ids in KAZOO's order), `leg_count`, `start`, `end`
  /// (gregorian seconds), `duration_seconds`, `billing_seconds`, `ringing_seconds`,
  /// `answered`, caller and callee, `direction`, `account_id`, `account_ids`, `owner_ids`,
  /// `transfers` and `diagnostics`. Absent values are `null`.
  public var summaryJSON: JSONValue {
    func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    return .object([
      "id": .string(id),
      "call_ids": .array(callIDs.map { .string($0) }),
      "first_call_id": .string(representative.callID),
      "legs": .array(legs.map { .string($0.callID) }),
      "leg_count": .number(JSONNumber(legCount)),
      "start": .number(JSONNumber(start.rawValue)),
      "end": .number(JSONNumber(end.rawValue)),
      "duration_seconds": .number(JSONNumber(durationSeconds)),
      "billing_seconds": .number(JSONNumber(billingSeconds)),
      "ringing_seconds": .number(JSONNumber(ringingSeconds)),
      "answered": .bool(answered),
      "caller_id_number": text(callerIDNumber),
      "caller_id_name": text(callerIDName),
      "callee_id_number": text(calleeIDNumber),
      "callee_id_name": text(calleeIDName),
      "direction": text(direction?.rawValue),
      "account_id": text(accountID),
      "account_ids": .array(accountIDs.map { .string($0) }),
      "owner_ids": .array(ownerIDs.map { .string($0) }),
      "transfers": .number(JSONNumber(transferCount)),
      "diagnostics": diagnostics.json,
    ])
  }
}

extension InteractionStatistics {
  /// The KPIs as a JSON object: `calls`, `answered_calls`, `asr`, `acd_seconds`,
  /// `billing_seconds`, `billed_minutes`, `average_ringing_seconds`, `legs`,
  /// `legs_per_call`, `transfers`. Ratios with no calls behind them are `null`.
  public var json: JSONValue {
    func ratio(_ value: Double?) -> JSONValue { value.map { .number(JSONNumber($0)) } ?? .null }
    return .object([
      "calls": .number(JSONNumber(calls)),
      "answered_calls": .number(JSONNumber(answeredCalls)),
      "asr": ratio(answerSeizureRatio),
      "acd_seconds": ratio(averageCallDurationSeconds),
      "billing_seconds": .number(JSONNumber(billingSeconds)),
      "billed_minutes": .number(JSONNumber(billedMinutes)),
      "average_ringing_seconds": ratio(averageRingingSeconds),
      "legs": .number(JSONNumber(legs)),
      "legs_per_call": ratio(legsPerCall),
      "transfers": .number(JSONNumber(transfers)),
    ])
  }
}
