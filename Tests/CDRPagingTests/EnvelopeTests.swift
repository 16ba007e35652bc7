import CDRModel
import Foundation
import Testing

@testable import CDRPaging

@Suite struct EnvelopeTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func decodesKazoo2015GroupedResponse() throws {
    let url = Self.root.appendingPathComponent(
      "Fixtures/realdata/kazoo-docs-2015-cdrs-grouped-response.txt")
    let envelope = try JSONDecoder().decode(
      KazooEnvelope<JSONValue>.self, from: Data(contentsOf: url))
    #expect(envelope.status == "success")
    #expect(envelope.pageSize == 50)
    #expect(envelope.startKey == "63602603916")
    #expect(envelope.nextStartKey == "63602563961")
    #expect(envelope.requestID == "{REQUEST_ID}")
    #expect(envelope.authToken == "543b90ddea74af1b214d84bf71443cc4")
    #expect(envelope.data?.count == 1)
    #expect(try KazooStartKey(parsing: envelope.nextStartKey ?? "").time == 63_602_563_961)
  }

  @Test func listResponseFixtureIsRejectedNotCrashed() throws {
    let url = Self.root.appendingPathComponent(
      "Fixtures/realdata/kazoo-docs-2015-cdrs-list-response.txt")
    #expect(throws: (any Error).self) {
      try JSONDecoder().decode(KazooEnvelope<JSONValue>.self, from: Data(contentsOf: url))
    }
  }

  /// One row that is not a CDR costs only itself: the rows around it decode, and it is
  /// reported with its index and reason (the library side of issue "No silent loss").
  @Test func oneBadRowKeepsTheOthers() throws {
    let text =
      #"{"data":[{"call_id":"a"},{"no_call_id":1},{"call_id":7},{"call_id":"b"}],"page_size":4,"status":"success"}"#
    let envelope = try JSONDecoder().decode(
      KazooEnvelope<CallDetailRecord>.self, from: Data(text.utf8))
    #expect(envelope.data?.map(\.callID) == ["a", "b"])
    #expect(envelope.errorData == nil)
    #expect(envelope.rejectedRows.map(\.index) == [1, 2])
    #expect(
      envelope.rejectedRows.map(\.description) == [
        #"/data/1: missing required "call_id""#,
        #"/data/2: "call_id" must be a string, found a number"#,
      ])
    #expect(envelope.rejectedRows.first?.json == ["no_call_id": 1])
    #expect(envelope.pageSize == 4)
    // A Codable row type other than CallDetailRecord goes through JSONDecoder, row by row.
    struct Row: Codable, Sendable { var id: String }
    let rows = try JSONDecoder().decode(
      KazooEnvelope<Row>.self, from: Data(#"{"data":[{"id":"x"},{"id":2},{"id":"y"}]}"#.utf8))
    #expect(rows.data?.map(\.id) == ["x", "y"])
    #expect(rows.rejectedRows.map(\.index) == [1])
  }

  @Test func chunkedTrailerStrings() throws {
    let text =
      #"{"data":[{"id":"a"}], "page_size":"50", "next_start_key":"g2o", "status":"success", "timestamp":"2020-01-01T00:00:00Z"}"#
    let envelope = try JSONDecoder().decode(KazooEnvelope<JSONValue>.self, from: Data(text.utf8))
    #expect(envelope.pageSize == 50)
    #expect(envelope.data == [["id": "a"]])
    #expect(envelope.timestamp == "2020-01-01T00:00:00Z")
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(
        KazooEnvelope<JSONValue>.self, from: Data(#"{"page_size":"fifty"}"#.utf8))
    }
  }

  @Test func errorEnvelopes() throws {
    let error =
      #"{"data":{"message":"page size must be at least 1"},"error":"404","message":"faulty_request","status":"error"}"#
    let envelope = try JSONDecoder().decode(KazooEnvelope<JSONValue>.self, from: Data(error.utf8))
    #expect(envelope.data == nil)
    #expect(envelope.errorData == ["message": "page size must be at least 1"])
    #expect(envelope.error == "404")
    let written = KazooEnvelope<JSONValue>(error: .rangeReversed(from: 10, to: 5))
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = String(decoding: try encoder.encode(written), as: UTF8.self)
    #expect(
      json
        == #"{"data":{"created_from":{"date_range":{"cause":10,"message":"created_to 5 is prior to created_from 10"}}},"error":"400","message":"validation error","status":"error"}"#
    )
    let pageError = KazooEnvelope<JSONValue>(error: .invalidPageSize("x"))
    #expect(pageError.errorData == ["message": "invalid page size"])
    #expect(pageError.error == "404")
  }

  @Test func publicDocumentDropsPrivateKeys() throws {
    let record = try CallDetailRecord(
      jsonText:
        #"{"_id":"202001-a","_rev":"1-x","call_id":"a","pvt_created":5,"pvt_type":"cdr","from":"f"}"#
    )
    #expect(record.publicDocument == ["id": "202001-a", "call_id": "a", "from": "f"])
  }
}
