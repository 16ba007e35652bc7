import CDRKit
import Foundation
import Testing

@testable import CDRCommandLine

/// Every `Fixtures/calls/*.ndjson` file.
private let callFixtures: [String] = {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturePath("calls"))) ?? []
  return names.filter { $0.hasSuffix(".ndjson") }.sorted().map { fixturePath("calls/" + $0) }
}()

/// The raw documents of the call fixtures, read independently of the CDR reader.
private let fixtureDocuments: [JSONValue] = callFixtures.flatMap { path -> [JSONValue] in
  let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  return text.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)) }
}

/// The id a listing row carries: the stored `_id`, else the call id.
private func listingID(_ document: JSONValue) -> String {
  document["_id"]?.stringValue ?? document["call_id"]?.stringValue ?? ""
}

/// A JSON number or numeric string as an integer (the legacy fixture stores numbers as text).
private func startNumber(_ value: JSONValue) -> Int64? {
  switch value {
  case .number(let number): number.int64Value
  case .string(let text): Int64(text)
  default: nil
  }
}

/// One parsed `cdr page` run.
private struct PageRun {
  var code: Int32
  var envelope: JSONValue?
  var errors: String
  var rows: [JSONValue] { envelope?["data"]?.arrayValue ?? [] }
  /// Row ids: `id` (the stored `_id`), or `call_id` for a leg never stored (`id` is "").
  var ids: [String] {
    rows.map { row in
      let id = row["id"]?.stringValue ?? ""
      return id.isEmpty ? row["call_id"]?.stringValue ?? "" : id
    }
  }
  var next: String? { envelope?["next_start_key"]?.stringValue }
}

private func page(_ arguments: [String], input: String = "") -> PageRun {
  let result = runTool(["page"] + arguments, input: input)
  let envelope = result.output.isEmpty ? nil : try? JSONValue(parsing: result.output)
  return PageRun(code: result.code, envelope: envelope, errors: result.errors)
}

/// Follows `next_start_key` to the end; returns every page.
private func allPages(_ arguments: [String]) -> [PageRun] {
  var pages: [PageRun] = []
  var key: String?
  repeat {
    let run = page(arguments + (key.map { ["--start-key", $0] } ?? []))
    pages.append(run)
    key = run.next
  } while key != nil && pages.count < 100
  return pages
}

@Suite("cdr page")
struct PageCommandTests {
  @Test("feeding next_start_key back lists every leg exactly once, newest first")
  func loopDescending() throws {
    #expect(callFixtures.count == 9)
    let pages = allPages(callFixtures + ["--page-size", "3", "--sort", "start"])
    let expected = Set(fixtureDocuments.map(listingID))
    #expect(expected.count == 22)
    #expect(pages.count == 8)  // 22 legs, 3 a page
    let ids = pages.flatMap(\.ids)
    #expect(ids.count == 22)
    #expect(Set(ids) == expected)
    for run in pages {
      #expect(run.code == 0)
      #expect(run.errors == "22 read, 22 accepted, 0 rejected\n")
      #expect(run.envelope?["page_size"] == .number(JSONNumber(run.rows.count)))
      #expect(run.envelope?["status"] == "success")
    }
    #expect(pages.dropLast().allSatisfy { $0.rows.count == 3 })
    #expect(pages.last?.rows.count == 1)
    #expect(pages.last?.next == nil)
    // The listing's `timestamp` column is the start time the legs sort on.
    let times = pages.flatMap(\.rows).compactMap { $0["timestamp"]?.stringValue }.compactMap {
      Int64($0)
    }
    #expect(times.count == 22)
    #expect(times == times.sorted(by: >))
    // Each page reports the key it started from.
    for (previous, run) in zip(pages, pages.dropFirst()) {
      #expect(run.envelope?["start_key"]?.stringValue == previous.next)
    }
  }

  @Test("ascending, with a filter and options winning over --query")
  func loopAscendingFiltered() {
    let inbound = Set(
      fixtureDocuments.filter { $0["call_direction"] == "inbound" }.map(listingID))
    #expect(inbound.count > 4)
    let pages = allPages(
      callFixtures + [
        "--query", "page_size=1&descending=true", "--page-size", "4", "--ascending", "--sort",
        "start", "--filter", "call_direction=inbound",
      ])
    let ids = pages.flatMap(\.ids)
    #expect(ids.count == inbound.count)
    #expect(Set(ids) == inbound)
    #expect(pages.dropLast().allSatisfy { $0.rows.count == 4 })
    let times = pages.flatMap(\.rows).compactMap { $0["timestamp"]?.stringValue }.compactMap {
      Int64($0)
    }
    #expect(times == times.sorted())
  }

  @Test("--query filters (has_key) and full filter keys behave alike")
  func queryFilters() {
    let withOwner = Set(
      fixtureDocuments.filter { $0["custom_channel_vars"]?["owner_id"] != nil }.map(listingID))
    #expect(!withOwner.isEmpty)
    let viaQuery = page(
      callFixtures + ["--sort", "start", "--query", "has_key=custom_channel_vars.owner_id"])
    let viaFilter = page(
      callFixtures + ["--sort", "start", "--filter", "has_key=custom_channel_vars.owner_id"])
    #expect(Set(viaQuery.ids) == withOwner)
    #expect(Set(viaFilter.ids) == withOwner)
    let notInbound = page(
      callFixtures + ["--sort", "start", "--filter", "not_call_direction=inbound"])
    #expect(
      Set(notInbound.ids)
        == Set(fixtureDocuments.filter { $0["call_direction"] != "inbound" }.map(listingID)))
  }

  @Test("--sort start: the range applies to the start time, even with a filter")
  func startRangeWithFilter() {
    // The legacy legs have no pvt_created; both end at timestamp 63746467261 and last
    // about a minute (61 and 59.5 s), so both start inside the two minutes before it.
    let legacy = fixtureDocuments.filter { $0["pvt_created"] == nil }
    #expect(legacy.count == 2)
    let ends = legacy.compactMap { $0["timestamp"].flatMap(startNumber) }
    #expect(ends == [63_746_467_261, 63_746_467_261])
    let high: Int64 = 63_746_467_261
    let low = high - 120
    let run = page(
      callFixtures + [
        "--sort", "start", "--created-from", String(low), "--created-to", String(high),
        "--filter", "has_key=call_id",
      ])
    #expect(Set(legacy.map(listingID)).isSubset(of: Set(run.ids)))
    let times = run.rows.compactMap { $0["timestamp"]?.stringValue }.compactMap { Int64($0) }
    #expect(!times.isEmpty)
    #expect(times.allSatisfy { (low...high).contains($0) })
  }

  @Test("default sort is pvt_created: legs without it are reported, counted, exit 1")
  func createdSort() {
    let stored = fixtureDocuments.filter { $0["pvt_created"] != nil }
    #expect(stored.count == 20)
    let pages = allPages(callFixtures + ["--page-size", "7"])
    #expect(pages.count == 3)
    #expect(Set(pages.flatMap(\.ids)) == Set(stored.map(listingID)))
    #expect(pages.flatMap(\.ids).count == 20)
    for run in pages {
      #expect(run.code == 1)
      #expect(
        run.errors
          == "22 read, 22 accepted, 0 rejected\n"
          + "cdr page: 1 leg not listed: no pvt_created (use --sort start)\n"
          + "cdr page: 1 leg not listed: pvt_type is not cdr (KAZOO's listing skips them)\n")
    }
  }

  @Test("interaction pages never split an interaction and list each leg once")
  func interactionPages() {
    let pages = allPages(callFixtures + ["--page-size", "2", "--interactions", "--sort", "start"])
    let grouped = fixtureDocuments.filter { $0["interaction_id"] != nil }
    var pageOfInteraction: [String: Int] = [:]
    for (number, run) in pages.enumerated() {
      for row in run.rows {
        let interaction = row["interaction_id"]?.stringValue ?? ""
        #expect(pageOfInteraction[interaction, default: number] == number)
        pageOfInteraction[interaction] = number
      }
    }
    let ids = pages.flatMap(\.ids)
    #expect(ids.count == grouped.count)
    #expect(Set(ids) == Set(grouped.map(listingID)))
    #expect(
      pageOfInteraction.count == Set(grouped.compactMap { $0["interaction_id"]?.stringValue }).count
    )
  }

  @Test("a summary row is KAZOO's listing row of the leg")
  func summaryRow() throws {
    let run = page([fixturePath("calls/fax.ndjson")])
    #expect(run.code == 0)
    let row = try #require(run.rows.first)
    let document = try #require(fixtureDocuments.first { listingID($0) == run.ids.first })
    #expect(row.objectValue?.count == CDRListingColumn.kazoo.count)
    #expect(row["call_id"] == document["call_id"])
    #expect(row["id"]?.stringValue == document["_id"]?.stringValue)
    #expect(run.envelope?["next_start_key"] == nil)
    // KAZOO's first page names the key it started from: [created_to, {}] when descending,
    // with created_to the newest sort time here (no "now" in a file).
    let startKey = try #require(run.envelope?["start_key"]?.stringValue)
    let created = try #require(document["pvt_created"]?.numberValue?.int64Value)
    #expect(
      try KazooStartKey(parsing: startKey).viewKey == .list([.integer(created), .emptyJSONObject]))
  }

  @Test("a rejected record is reported and counted, the rest is paged")
  func rejections() {
    let input = #"{"call_id":"a","timestamp":63746438500}"# + "\nnot json\n"
    let run = page(["--sort", "start"], input: input)
    #expect(run.code == 1)
    #expect(run.ids == ["a"])
    #expect(
      run.errors == "<stdin>:2: record 1: malformed JSON: unexpected character 'o'\n"
        + "2 read, 1 accepted, 1 rejected\n")
  }

  @Test("empty input: an empty page; paginate=false: every row, no paging keys")
  func emptyAndUnpaginated() {
    let empty = runTool(["page"])
    #expect(empty.code == 0)
    // [0, {}] in Erlang's external format: list of 2, small integer 0, tuple {[]}, nil.
    #expect(
      empty.output
        == #"{"data":[],"page_size":0,"revision":"automatic","start_key":"g2wAAAACYQBoAWpq","status":"success"}"#
        + "\n")
    #expect(empty.errors == "0 read, 0 accepted, 0 rejected\n")
    let all = page(
      callFixtures + ["--sort", "start", "--page-size", "2", "--query", "paginate=false"])
    #expect(all.code == 0)
    #expect(all.ids.count == 22)
    #expect(all.envelope?["page_size"] == nil)
    #expect(all.envelope?["next_start_key"] == nil)
  }

  @Test("a file that cannot be opened: exit 3")
  func missingFile() {
    let run = page([fixturePath("calls/no-such-file.ndjson")])
    #expect(run.code == 3)
    #expect(run.errors.contains("no-such-file.ndjson"))
    #expect(run.rows.isEmpty)
  }

  @Test("KAZOO's paging errors and usage errors: message on stderr, nothing on stdout, exit 2")
  func errors() {
    let file = fixturePath("calls/ring-group-fork.ndjson")
    let read = "4 read, 4 accepted, 0 rejected\n"
    let usage = "Run 'cdr page --help' for usage.\n"
    func check(_ arguments: [String], _ message: String, prefix: String = read) {
      let result = runTool(["page", file] + arguments)
      #expect(result.code == 2, "\(arguments)")
      #expect(result.output == "", "\(arguments)")
      #expect(result.errors == prefix + "cdr page: " + message + "\n" + usage, "\(arguments)")
    }
    check(["--page-size", "0"], "page size must be at least 1")
    check(["--page-size", "-3"], "page size must be at least 1")
    check(["--page-size", "ten"], "invalid page size")
    // KAZOO's integer cast: Erlang float text is rounded (below), anything else refused.
    check(["--query", "page_size=1e3"], "invalid page size")
    check(["--query", "page_size=2.5x"], "invalid page size")
    // utc_offset is checked before anything is read, as KAZOO checks it first.
    check(["--query", "utc_offset=abc"], "utc_offset must be a number", prefix: "")
    check(["--query", "utc_offset"], "utc_offset must be a number", prefix: "")
    check(
      ["--created-from", "63746438400", "--created-to", "63746438399"],
      "created_to 63746438399 is prior to created_from 63746438400")
    check(
      ["--created-from", "63700000000", "--created-to", "63746438400"],
      "created_to 63746438400 is more than 2682000 seconds from created_from 63700000000"
        + " (KAZOO's maximum range): narrow --created-from/--created-to or raise --max-range")
    check(
      ["--created-from", "63746430000", "--created-to", "63746438400", "--max-range", "3600"],
      "created_to 63746438400 is more than 3600 seconds from created_from 63746430000"
        + " (KAZOO's maximum range): narrow --created-from/--created-to or raise --max-range")

    // Cursors: altered, truncated, foreign, not base64url, for another listing or direction.
    let first = page([file, "--page-size", "1"])
    let cursor = first.next ?? ""
    #expect(!cursor.isEmpty)
    var altered = Array(cursor)
    altered[8] = altered[8] == "A" ? "B" : "A"
    check(
      ["--start-key", String(altered)],
      "start_key is not a valid cursor: checksum mismatch (was it altered?)")
    check(
      ["--start-key", String(cursor.prefix(10))], "start_key is not a valid cursor: it is truncated"
    )
    check(
      ["--start-key", "aGVsbG8gd29ybGQ"],
      "start_key is not a valid cursor: it was not issued by CDRKit or KAZOO")
    check(["--start-key", "not a cursor!"], "start_key is not a valid cursor: not base64url text")
    check(
      ["--start-key", cursor, "--ascending"],
      "start_key belongs to another listing: it is for legs by created, descending,"
        + " this request is for legs by created, ascending")
    check(
      ["--start-key", cursor, "--interactions"],
      "start_key belongs to another listing: it is for legs by created, descending,"
        + " this request is for interactions by created, descending")

    // Usage errors are found before reading.
    check(
      ["--query", "a=%zz"],
      "--query: malformed query string: '%' at offset 2 is not followed by two hex digits",
      prefix: "")
    check(
      ["--query", "=1"], "--query: malformed query string: empty parameter name at offset 0",
      prefix: "")
    check(
      ["--filter", "call_direction"], "--filter needs KEY=VALUE, got 'call_direction'", prefix: "")
    check(["--filter", "=inbound"], "--filter needs KEY=VALUE, got '=inbound'", prefix: "")
    check(
      ["--created-from", "yesterday"],
      "--created-from needs gregorian seconds (an integer above 0), got 'yesterday'", prefix: "")
    check(
      ["--ascending", "--descending"], "--ascending and --descending exclude each other", prefix: ""
    )
    check(["--sort", "time"], "--sort must be one of created, start; got 'time'", prefix: "")
    check(["--max-range", "-1"], "--max-range must not be negative", prefix: "")
  }

  @Test("a KAZOO start_key (inclusive [time, id]) is read")
  func kazooStartKey() throws {
    let all = page(callFixtures + ["--sort", "start", "--page-size", "50"])
    #expect(all.ids.count == 22)
    let rows = all.rows
    // Start at the 5th row: KAZOO's key of the first row of the next page.
    let fifth = rows[4]
    let time = try #require(fifth["timestamp"]?.stringValue.flatMap { Int64($0) })
    let id = try #require(fifth["id"]?.stringValue)
    let key = KazooStartKey.encoded([.integer(time), .binary(Array(id.utf8))]).text
    let rest = page(callFixtures + ["--sort", "start", "--start-key", key])
    #expect(rest.ids == Array(all.ids.dropFirst(4)))
  }

  /// Issue "KAZOO fidelity", items 6 and 7: the query as KAZOO reads it.
  @Test("utc_offset shifts datetime; fractions round; bare flags mean true")
  func queryAsKazooReadsIt() throws {
    let file = fixturePath("calls/ring-group-fork.ndjson")
    let plain = page([file, "--sort", "start"])
    let shifted = page([file, "--sort", "start", "--query", "utc_offset=-18000"])
    let plainRow = try #require(plain.rows.first)
    let shiftedRow = try #require(shifted.rows.first)
    // Only datetime moves, by five hours; every other column stays UTC.
    #expect(plainRow["datetime"] == "2020-01-17_01:00:13")
    #expect(shiftedRow["datetime"] == "2020-01-16_20:00:13")
    #expect(shiftedRow["iso_8601_combined"] == plainRow["iso_8601_combined"])
    // page_size=2.5 is 3 rows (rounded half away from zero).
    #expect(page([file, "--sort", "start", "--query", "page_size=2.5"]).rows.count == 3)
    // created_from=1.0e3 is 1000: then the range is too long.
    let far = page([file, "--query", "created_from=1.0e3&created_to=63746438400"])
    #expect(far.code == 2)
    #expect(far.errors.contains("is more than 2682000 seconds from created_from 1000"))
    // A bare descending wins over ascending=true; a bare paginate keeps paging on.
    let ascending = page([file, "--sort", "start", "--query", "ascending=true"]).ids
    let bare = page([file, "--sort", "start", "--query", "ascending=true&descending"]).ids
    #expect(bare == ascending.reversed())
    let paged = page([file, "--sort", "start", "--query", "paginate&page_size=2"])
    #expect(paged.rows.count == 2)
    #expect(paged.next != nil)
  }

  /// Issue "KAZOO fidelity", item 5: what KAZOO's listing views list.
  @Test("deleted, non-cdr, no channel variables or a string pvt_created: not listed, reported")
  func whatTheListingsList() {
    let base =
      #""custom_channel_vars":{"account_id":"a"},"timestamp":63746438500,"duration_seconds":10"#
    let input = [
      #"{"_id":"202001-ok","call_id":"ok","pvt_type":"cdr","pvt_created":63746438500,\#(base)}"#,
      #"{"_id":"202001-del","call_id":"del","pvt_type":"cdr","pvt_deleted":true,"pvt_created":63746438500,\#(base)}"#,
      #"{"_id":"202001-vm","call_id":"vm","pvt_type":"voicemail","pvt_created":63746438500,\#(base)}"#,
      #"{"_id":"202001-noccv","call_id":"noccv","pvt_type":"cdr","pvt_created":63746438500,"timestamp":63746438500}"#,
      #"{"_id":"202001-text","call_id":"text","pvt_type":"cdr","pvt_created":"63746438500",\#(base)}"#,
    ].joined(separator: "\n")
    let run = page([], input: input)
    #expect(run.ids == ["202001-ok"])
    #expect(run.code == 1)
    #expect(
      run.errors == "5 read, 5 accepted, 0 rejected\n"
        + "cdr page: 1 leg not listed: pvt_deleted (KAZOO's listing skips them)\n"
        + "cdr page: 1 leg not listed: pvt_type is not cdr (KAZOO's listing skips them)\n"
        + "cdr page: 1 leg not listed: no custom_channel_vars (KAZOO's listing skips them)\n"
        + "cdr page: 1 leg not listed: pvt_created is a string (KAZOO's listing skips them)\n")
    // Sorted on the start time (documents KAZOO never stored), every leg is listed.
    #expect(page(["--sort", "start"], input: input).ids.count == 5)
  }

  /// Issue "KAZOO fidelity", item 3: `/users/{USER_ID}/cdrs` and its interaction listing.
  @Test("--user lists one user's legs; an interaction's row is the user's own first leg")
  func userListing() {
    func leg(_ id: String, owner: String?, channel: Int, direction: String) -> String {
      let ccv = owner.map { #"{"account_id":"a","owner_id":"\#($0)"}"# } ?? #"{"account_id":"a"}"#
      return
        #"{"_id":"202001-\#(id)","call_id":"\#(id)","pvt_type":"cdr","pvt_created":\#(63_746_438_500 + channel),"interaction_id":"63746438400-k","interaction_time":63746438400,"interaction_key":"k","channel_created_time":\#(1_579_219_200_000_000 + channel * 1_000_000),"call_direction":"\#(direction)","timestamp":63746438600,"duration_seconds":60,"custom_channel_vars":\#(ccv)}"#
    }
    let input = [
      leg("first", owner: nil, channel: 0, direction: "inbound"),
      leg("mine-late", owner: "u1", channel: 20, direction: "outbound"),
      leg("mine-early", owner: "u1", channel: 10, direction: "outbound"),
      leg("theirs", owner: "u2", channel: 5, direction: "inbound"),
    ].joined(separator: "\n")
    let rows = page(["--user", "u1"], input: input)
    #expect(Set(rows.ids) == ["202001-mine-late", "202001-mine-early"])
    let calls = page(["--user", "u1", "--interactions"], input: input)
    #expect(Set(calls.ids) == ["202001-mine-late", "202001-mine-early"])
    // The filter tests the user's own representative (mine-early, outbound), not the
    // call's first leg (inbound).
    let outbound = page(
      ["--user", "u1", "--interactions", "--filter", "call_direction=outbound"], input: input)
    #expect(outbound.ids.count == 2)
    let inbound = page(
      ["--user", "u1", "--interactions", "--filter", "call_direction=inbound"], input: input)
    #expect(inbound.ids.isEmpty)
    #expect(page(["--user", "nobody"], input: input).ids.isEmpty)
  }
}
