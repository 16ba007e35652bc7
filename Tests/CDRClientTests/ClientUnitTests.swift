import CDRCSV
import CDRModel
import CDRPaging
import Foundation
import Testing

@testable import CDRClient

@Suite("CDRClient units")
struct ClientUnitTests {
  /// RFC 1321, appendix A.5: the seven test vectors.
  @Test(arguments: [
    ("", "d41d8cd98f00b204e9800998ecf8427e"),
    ("a", "0cc175b9c0f1b6a831c399e269772661"),
    ("abc", "900150983cd24fb0d6963f7d28e17f72"),
    ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
    (
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
      "d174ab98d277d9f5a5611c2c9f419d9f"
    ),
    (
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
      "57edf4a22be3c955ac49da2e2107b67a"
    ),
  ])
  func md5Vectors(input: String, digest: String) {
    #expect(_MD5.hex(Array(input.utf8)) == digest)
  }

  @Test func md5AcrossBlockBoundaries() {
    // Lengths around the 56- and 64-byte padding edges, against digests computed with
    // Python's hashlib.
    #expect(_MD5.hex([UInt8](repeating: 0x61, count: 55)) == "ef1772b6dff9a122358552954ad0df65")
    #expect(_MD5.hex([UInt8](repeating: 0x61, count: 56)) == "3b0c8ac703f828b04c6c197006d17218")
    #expect(_MD5.hex([UInt8](repeating: 0x61, count: 64)) == "014842d480b571495a4a0363793f7367")
  }

  @Test func credentialsHash() {
    // The facts' vector (section 10.1): md5("alice:secret").
    #expect(
      KazooAuthentication.credentialsHash(username: "alice", password: "secret")
        == "6f622058968bb90757e6c6ed79e5df81")
  }

  @Test func windowsCoverTheRangeWithoutOverlap() {
    #expect(_Windows.split(0...10, maximum: 4) == [6...10, 1...5, 0...0])
    #expect(_Windows.split(5...5, maximum: 4) == [5...5])
    #expect(_Windows.split(0...4, maximum: 4) == [0...4])
    #expect(
      _Windows.split(63_746_438_399...63_752_448_400, maximum: 2_682_000) == [
        63_749_766_400...63_752_448_400, 63_747_084_399...63_749_766_399,
        63_746_438_399...63_747_084_398,
      ])
    #expect(_Windows.split(Int64.min...Int64.max, maximum: Int64.max).count == 2)
  }

  @Test func backoffIsBoundedAndJittered() {
    var policy = KazooRetryPolicy()
    policy.baseDelay = 0.5
    policy.maximumDelay = 3
    policy.jitter = 0.5
    #expect(policy.delay(attempt: 1, unit: 0) == 0.5)
    #expect(policy.delay(attempt: 2, unit: 0) == 1)
    #expect(policy.delay(attempt: 3, unit: 0) == 2)
    #expect(policy.delay(attempt: 4, unit: 0) == 3)
    #expect(policy.delay(attempt: 1000, unit: 0) == 3)
    #expect(policy.delay(attempt: 3, unit: 1) == 1)
  }

  @Test func retryAfterSecondsAndDates() {
    let now = Date(timeIntervalSince1970: 1_579_219_200)  // Fri, 17 Jan 2020 00:00:00 GMT
    #expect(KazooClient.retryAfterSeconds("3", now: now) == 3)
    #expect(KazooClient.retryAfterSeconds(" 0 ", now: now) == 0)
    #expect(KazooClient.retryAfterSeconds("-1", now: now) == nil)
    #expect(KazooClient.retryAfterSeconds("Fri, 17 Jan 2020 00:00:07 GMT", now: now) == 7)
    #expect(KazooClient.retryAfterSeconds("Thu, 16 Jan 2020 23:00:00 GMT", now: now) == 0)
    #expect(KazooClient.retryAfterSeconds("soon", now: now) == nil)
  }

  @Test func interactionKeysArePaddedOthersKept() throws {
    // [63746438400, "1a2b3c4d"] as KAZOO sends it for /cdrs/interaction.
    let key = KazooStartKey.encoded([.integer(63_746_438_400), .binary("1a2b3c4d")]).text
    let padded = try KazooStartKey(parsing: KazooClient.paddedInteractionKey(key))
    #expect(
      padded.viewKey
        == .list([.integer(63_746_438_400), .binary("1a2b3c4d"), ErlangTerm.emptyJSONObject]))
    let legKey = KazooStartKey.encoded([.integer(63_746_438_400), .binary("202001-x")]).text
    #expect(KazooClient.paddedInteractionKey("63602563961") == "63602563961")
    let user = KazooStartKey.encoded([.binary("u"), .integer(1), .binary("k")]).text
    #expect(KazooClient.paddedInteractionKey(user) == user)
    #expect(KazooClient.paddedInteractionKey(legKey) != legKey)  // same shape: padded too
  }

  @Test func errorEnvelopesOfBothStyles() {
    let module = KazooAPIError.parse(
      status: 404,
      body: Array(
        #"{"status":"error","error":"404","message":"could not find cdr with supplied id","data":{}}"#
          .utf8), request: "GET /v2/x")
    #expect(module.kazooMessage == "could not find cdr with supplied id")
    #expect(module.code == "404")
    #expect(module.detail == nil)
    #expect(module.message == "KAZOO 404 on GET /v2/x: could not find cdr with supplied id")
    let system = KazooAPIError.parse(
      status: 404,
      body: Array(
        #"{"status":"error","error":"404","message":"faulty_request","data":{"message":"invalid page size"}}"#
          .utf8), request: "GET /v2/x")
    #expect(system.message == "KAZOO 404 on GET /v2/x: faulty_request: invalid page size")
    let validation = KazooAPIError.parse(
      status: 400,
      body: Array(
        #"{"error":"400","message":"validation error","data":{"created_from":{"date_range":{"message":"created_to 9 is prior to created_from 10","cause":10}}}}"#
          .utf8), request: "GET /v2/x")
    #expect(
      validation.detail == "created_from.date_range: created_to 9 is prior to created_from 10")
    let html = KazooAPIError.parse(
      status: 502, body: Array("<html>\nbad gateway".utf8), request: "GET /v2/x")
    #expect(html.message == "KAZOO 502 on GET /v2/x: <html>bad gateway")
  }

  @Test func secretsAreNeverPrinted() {
    let secrets = ["tok-SECRET-1", "key-SECRET-2", "pw-SECRET-3"]
    let auths: [KazooAuthentication] = [
      .token(secrets[0]), .apiKey(secrets[1]),
      .credentials(username: "alice", password: secrets[2], account: .name("acme")),
    ]
    for auth in auths {
      let client = KazooClient(baseURL: URL(string: "http://127.0.0.1:9")!, auth: auth)
      var dumped = ""
      dump(client, to: &dumped)
      dump(auth, to: &dumped)
      let texts = [
        String(describing: client), String(reflecting: client), String(describing: auth),
        String(reflecting: auth), "\(client)", dumped,
      ]
      for text in texts {
        for secret in secrets { #expect(!text.contains(secret), "\(text)") }
      }
    }
  }

  @Test func listingRowsDecodeWithMissingColumnsAsEmpty() throws {
    let row = try CDRListingRow(jsonObject: ["call_id": "c1", "datetime": "2020-01-17_00:00:00"])
    #expect(row[.callID] == "c1")
    #expect(row[.datetime] == "2020-01-17_00:00:00")
    #expect(row[.cost] == "")
    #expect(throws: CDRRecordError.missingCallID) { try CDRListingRow(jsonObject: ["id": "x"]) }
    #expect(throws: CDRRecordError.notAnObject(found: "number")) {
      try CDRListingRow(json: 42)
    }
  }
}
