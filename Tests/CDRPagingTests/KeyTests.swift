import CDRModel
import Foundation
import Testing

@testable import CDRPaging

@Suite struct KeyTests {
  @Test func kazooDocumentedKeysDecodeAndRoundTrip() throws {
    let first = "g2wAAAACbgUAvn1W1A5tAAAACDk4MDE2ODAwag"
    let key = try KazooStartKey(parsing: first)
    #expect(key == .encoded(.list([.integer(63_691_980_222), .binary("98016800")])))
    #expect(key.viewKey?.json == [63_691_980_222, "98016800"])
    #expect(key.text == first)
    let second = "g2wAAAACbgUAb0ZX1A5oAWpq"
    let high = try KazooStartKey(parsing: second)
    #expect(high == .encoded(.list([.integer(63_692_031_599), ErlangTerm.emptyJSONObject])))
    #expect(high.viewKey?.json == [63_692_031_599, [:]])
    #expect(high.text == second)
    #expect(ErlangTerm(json: [63_692_031_599, [:]]) == high.viewKey)
  }

  @Test func plainIntegerKeysFrom2015() throws {
    #expect(try KazooStartKey(parsing: "63602603916") == .integer(63_602_603_916))
    #expect(KazooStartKey.integer(63_602_563_961).text == "63602563961")
  }

  @Test func integerTagsMatchErlang() throws {
    // Hand-computed term_to_binary outputs.
    #expect(ErlangTerm.integer(5).externalFormat == [131, 97, 5])
    #expect(ErlangTerm.integer(-1).externalFormat == [131, 98, 255, 255, 255, 255])
    #expect(ErlangTerm.integer(256).externalFormat == [131, 98, 0, 0, 1, 0])
    #expect(ErlangTerm.integer(-4_294_967_296).externalFormat == [131, 110, 5, 1, 0, 0, 0, 0, 1])
    #expect(ErlangTerm.list([.integer(1), .integer(2)]).externalFormat == [131, 107, 0, 2, 1, 2])
    #expect(
      try ErlangTerm(externalFormat: [131, 107, 0, 2, 1, 2]) == .list([.integer(1), .integer(2)]))
    #expect(ErlangTerm.atom("false").externalFormat == [131, 119, 5] + Array("false".utf8))
    #expect(try ErlangTerm(externalFormat: [131, 100, 0, 4] + Array("true".utf8)) == .atom("true"))
    for value: Int64 in [
      0, 255, 256, -256, Int64(Int32.max) + 1, Int64.max, Int64.min, 63_691_980_222,
    ] {
      #expect(
        try ErlangTerm(externalFormat: ErlangTerm.integer(value).externalFormat) == .integer(value))
    }
  }

  @Test func termErrors() {
    func error(_ bytes: [UInt8]) -> String? {
      do {
        _ = try ErlangTerm(externalFormat: bytes)
        return nil
      } catch { return error.message }
    }
    #expect(error([]) == "not an Erlang term: no bytes")
    #expect(error([130, 106]) == "not an Erlang term: version byte is 130, expected 131")
    #expect(error([131, 109, 0, 0, 0, 5, 65]) == "Erlang term is truncated at byte 6")
    #expect(error([131, 70, 0]) == "unsupported Erlang term tag 70 at byte 1")
    #expect(
      error([131, 110, 9, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        == "Erlang integer at byte 1 does not fit in 64 bits")
    #expect(error([131, 108, 0, 0, 0, 1, 97, 1, 97, 2]) == "improper Erlang list at byte 8")
    #expect(error([131, 106, 106]) == "unexpected bytes after the Erlang term at byte 2")
    #expect(
      error([131] + Array(repeating: [104, 1], count: 70).flatMap { $0 } + [106])
        == "Erlang term nests too deeply")
    #expect(error([131, 119, 1, 0xFF]) == "Erlang atom at byte 1 is not valid UTF-8")
  }

  @Test func base64URLVectors() {
    // RFC 4648 test vectors, URL alphabet, no padding.
    let vectors = [
      "": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE",
    ]
    for (plain, encoded) in vectors {
      #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
      #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }
    #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
    #expect(Base64URL.decode("Zg==") == Array("f".utf8))
    #expect(Base64URL.decode("Zh") == nil)  // non-zero unused bits
    #expect(Base64URL.decode("Z") == nil)
    #expect(Base64URL.decode("Zm+v") == nil)
  }

  @Test func cursorRoundTripAndErrors() throws {
    let cursor = PageCursor(
      listing: .interactions, sortKey: .listingStart, direction: .ascending,
      last: PageKey(time: -5, id: "202001-é"))
    #expect(try PageCursor(parsing: cursor.text) == cursor)
    let text = cursor.text
    func error(_ text: String) -> String? {
      do {
        _ = try PageCursor(parsing: text)
        return nil
      } catch { return error.message }
    }
    #expect(error("not base64!") == "start_key is not a valid cursor: not base64url text")
    #expect(
      error(Base64URL.encode(Base64URL.decode(text)!.dropLast(5)))
        == "start_key is not a valid cursor: it is truncated")
    #expect(error("Q0s") == "start_key is not a valid cursor: it is truncated")
    #expect(
      error(Base64URL.encode(Array("hello world".utf8)))
        == "start_key is not a valid cursor: it was not issued by CDRKit or KAZOO")
    var bytes = try #require(Base64URL.decode(text))
    bytes[10] ^= 0x01
    #expect(
      error(Base64URL.encode(bytes))
        == "start_key is not a valid cursor: checksum mismatch (was it altered?)")
    bytes = try #require(Base64URL.decode(text))
    bytes[2] = 9
    #expect(
      error(Base64URL.encode(bytes)) == "start_key is not a valid cursor: unknown cursor version 9")
  }

  @Test func crcMatchesStandardCheckValue() {
    #expect(_CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
  }
}
