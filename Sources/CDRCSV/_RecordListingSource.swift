import CDRModel
import CDRTime

/// A decoded record as the source of its listing row.
struct _RecordListingSource: _ListingSource {
  let record: CallDetailRecord
  let vars: CustomChannelVars

  init(_ record: CallDetailRecord) {
    self.record = record
    vars = record.customChannelVars ?? CustomChannelVars()
  }

  func text(_ member: _ListingText) -> String? {
    switch member {
    case .documentID: record.documentID
    case .callID: record.callID
    case .callerIDNumber: record.callerIDNumber
    case .callerIDName: record.callerIDName
    case .calleeIDNumber: record.calleeIDNumber
    case .calleeIDName: record.calleeIDName
    case .hangupCause: record.hangupCause
    case .otherLegCallID: record.otherLegCallID
    case .to: record.to
    case .from: record.from
    case .fromURI: record.fromURI
    case .request: record.request
    case .recordingURL: record.recordingURL
    case .mediaServer: record.mediaServer
    case .interactionID: record.interactionID
    case .direction: record.callDirection?.rawValue
    }
  }

  func integer(_ member: _ListingInteger) -> Int? {
    switch member {
    case .durationSeconds: record.durationSeconds
    case .billingSeconds: record.billingSeconds
    case .timestamp: record.timestamp
    case .channelCreatedTime: record.channelCreatedTime
    }
  }

  var direction: _ListingDirection? {
    switch record.callDirection {
    case .inbound: .inbound
    case .outbound: .outbound
    case .other: .other
    case .none: nil
    }
  }

  func channelText(_ name: _ListingChannelVar) -> String? { vars.text(name.name) }

  func channelInteger(_ name: _ListingChannelVar) -> Int? { vars.integer(name.name) }

  var rateValue: _ListingRateValue {
    switch vars["rate"] {
    case .number(let number): .number(number.doubleValue)
    case .string: .text
    default: .none
    }
  }

  func channelStored(_ name: _ListingChannelVar) -> JSONValue? { vars[name.name] }

  func beforeAt(_ text: String) -> String { String(text.prefix { $0 != "@" }) }

  func isEqual(_ first: String?, _ second: String?) -> Bool { (first ?? "") == (second ?? "") }

  func isPerMinute(_ text: String?) -> Bool { text == "per_minute" }
}
