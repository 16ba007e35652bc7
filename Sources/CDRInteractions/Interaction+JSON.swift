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
      "split_interaction_id": splitInteractionID.map { .string($0) } ?? .null,
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

extension InteractionLink {
  /// Writes ``json`` straight into `builder` (same bytes as `json.jsonText`).
  public func writeJSON(to builder: inout JSONTextBuilder) {
    builder.beginObject()
    builder.key("from")
    builder.string(from)
    builder.key("kind")
    builder.string(kind.rawValue)
    builder.key("to")
    builder.string(to)
    builder.endObject()
  }
}

extension InteractionDiagnostics {
  /// Writes ``json`` straight into `builder` (same bytes as `json.jsonText`).
  public func writeJSON(to builder: inout JSONTextBuilder) {
    func write(_ links: [InteractionLink], to builder: inout JSONTextBuilder) {
      builder.beginArray()
      for link in links { link.writeJSON(to: &builder) }
      builder.endArray()
    }
    builder.beginObject()
    builder.key("duplicate_call_ids")
    builder.strings(duplicateCallIDs)
    builder.key("interaction_id_disagreements")
    builder.strings(interactionIDDisagreements)
    builder.key("links")
    write(links, to: &builder)
    builder.key("missing_references")
    write(missingReferences, to: &builder)
    builder.key("self_references")
    write(selfReferences, to: &builder)
    builder.key("split_interaction_id")
    builder.string(orNull: splitInteractionID)
    builder.endObject()
  }
}

extension Interaction {
  /// Writes ``summaryJSON`` straight into `builder`, without building the `JSONValue`
  /// tree: the same bytes as `summaryJSON.jsonText`, several times faster. `cdr
  /// interactions` writes its NDJSON lines this way.
  ///
  /// ```swift
  /// var builder = JSONTextBuilder()
  /// interaction.writeSummaryJSON(to: &builder)
  /// builder.bytes == Array(interaction.summaryJSON.jsonText.utf8)   // true
  /// ```
  public func writeSummaryJSON(to builder: inout JSONTextBuilder) {
    // Keys in UTF-8 byte order, as JSONValue writes objects.
    builder.beginObject()
    builder.key("account_id")
    builder.string(orNull: accountID)
    builder.key("account_ids")
    builder.strings(accountIDs)
    builder.key("answered")
    builder.bool(answered)
    builder.key("billing_seconds")
    builder.integer(billingSeconds)
    builder.key("call_ids")
    builder.strings(callIDs)
    builder.key("callee_id_name")
    builder.string(orNull: calleeIDName)
    builder.key("callee_id_number")
    builder.string(orNull: calleeIDNumber)
    builder.key("caller_id_name")
    builder.string(orNull: callerIDName)
    builder.key("caller_id_number")
    builder.string(orNull: callerIDNumber)
    builder.key("diagnostics")
    diagnostics.writeJSON(to: &builder)
    builder.key("direction")
    builder.string(orNull: direction?.rawValue)
    builder.key("duration_seconds")
    builder.integer(durationSeconds)
    builder.key("end")
    builder.integer(end.rawValue)
    builder.key("first_call_id")
    builder.string(representative.callID)
    builder.key("id")
    builder.string(id)
    builder.key("leg_count")
    builder.integer(legCount)
    builder.key("legs")
    builder.beginArray()
    for index in legs.indices { builder.string(legs[index].callID) }
    builder.endArray()
    builder.key("owner_ids")
    builder.strings(ownerIDs)
    builder.key("ringing_seconds")
    builder.integer(ringingSeconds)
    builder.key("start")
    builder.integer(start.rawValue)
    builder.key("transfers")
    builder.integer(transferCount)
    builder.endObject()
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
