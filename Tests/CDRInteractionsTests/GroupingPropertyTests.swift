import CDRInteractions
import CDRModel
import CDRTestSupport
import Testing

@Suite("Order independence, merging, streaming, brute force")
struct GroupingPropertyTests {
  @Test func shuffledInputGivesIdenticalOutput() throws {
    let legs = try Fixtures.all()
    let expected = InteractionGrouper().group(legs)
    var random = SeededGenerator(seed: 2024)
    for _ in 0..<25 {
      #expect(InteractionGrouper().group(legs.shuffled(using: &random)) == expected)
    }
  }

  @Test func mergeLaw() throws {
    let legs = try Fixtures.all()
    var random = SeededGenerator(seed: 99)
    for links in [
      InteractionLinkOptions.default, [.otherLeg], [.otherLeg, .bridge, .interactionID],
    ] {
      let grouper = InteractionGrouper(links: links)
      for _ in 0..<20 {
        var left: [CallDetailRecord] = []
        var right: [CallDetailRecord] = []
        for leg in legs {
          if Bool.random(using: &random) { left.append(leg) } else { right.append(leg) }
        }
        let merged = try grouper.group(left).merged(with: grouper.group(right))
        #expect(merged == grouper.group(left + right))
      }
    }
  }

  /// Thousands of calls, so interactions are built in several pieces on several cores:
  /// the grouping is the same for every concurrency, and each call is found whole.
  @Test func concurrencyDoesNotChangeTheGrouping() {
    var random = SeededGenerator(seed: 4096)
    var legs: [CallDetailRecord] = []
    var bLegOfALeg: [String: String] = [:]
    let calls = 6_000
    for call in 0..<calls {
      let created = 1_579_219_200_000_000 + random.below(86_400) * 1_000_000
      let aLeg = "a\(call)"
      legs.append(makeLeg(aLeg, created: created))
      // Half the calls have a B-leg pointing at the A-leg, by other leg or by bridge id.
      switch random.below(4) {
      case 0: legs.append(makeLeg("b\(call)", created: created + 1, otherLeg: aLeg))
      case 1: legs.append(makeLeg("b\(call)", created: created + 1, bridge: aLeg))
      default: continue
      }
      bLegOfALeg[aLeg] = "b\(call)"
    }
    legs.shuffle(using: &random)
    let serial = InteractionGrouper(maximumConcurrency: 1).group(legs)
    #expect(serial.interactions.count == calls)
    // Each interaction is one A-leg followed by its B-leg, if it has one.
    var expected = Set(bLegOfALeg.keys.map { [$0, bLegOfALeg[$0] ?? ""] })
    for call in 0..<calls where bLegOfALeg["a\(call)"] == nil { expected.insert(["a\(call)"]) }
    #expect(Set(serial.interactions.map { $0.legs.map(\.callID) }) == expected)
    for concurrency in [0, 2, 3, 8, Int.max] {
      #expect(InteractionGrouper(maximumConcurrency: concurrency).group(legs) == serial)
    }
  }

  @Test func mergingDifferentLinkOptionsFails() {
    let a = InteractionGrouper().group([makeLeg("a")])
    let b = InteractionGrouper(links: [.otherLeg]).group([makeLeg("b")])
    #expect(throws: InteractionError.self) { try a.merged(with: b) }
  }

  @Test func streamingEqualsBatchWithAWideWindow() throws {
    let legs = try Fixtures.all().sorted {
      ($0.channelEndTime, $0.callID) < ($1.channelEndTime, $1.callID)
    }
    var grouper = StreamingInteractionGrouper(window: 3600)
    var emitted: [Interaction] = []
    var late = 0
    for event in legs.flatMap({ grouper.add($0) }) + grouper.finish() {
      switch event {
      case .interaction(let interaction): emitted.append(interaction)
      case .lateLeg: late += 1
      }
    }
    #expect(late == 0)
    // The fixtures span hours, so some interactions were sealed before the end.
    #expect(grouper.peakPendingLegs < legs.count)
    #expect(
      InteractionGrouping(interactions: emitted, links: .default)
        == InteractionGrouper().group(legs))
  }

  @Test func streamingReportsLateLegsWithANarrowWindow() throws {
    // The bridged pair's A-leg (ends 63746438525), then the unanswered call's first leg
    // (ends 63746460020, hours later): with a 60 s window the A-leg is sealed alone, so its
    // B-leg, arriving afterwards, is late. The unanswered call's second leg joins normally.
    let pair = try Fixtures.calls("bridged-pair")
    let unanswered = try Fixtures.calls("unanswered")
    let stream = [pair[0], unanswered[0], pair[1], unanswered[1]]
    var grouper = StreamingInteractionGrouper(window: 60)
    var emittedLegs: [[String]] = []
    var lateLegs: [(String, String)] = []
    for event in stream.flatMap({ grouper.add($0) }) + grouper.finish() {
      switch event {
      case .interaction(let interaction):
        emittedLegs.append(interaction.legs.map { String($0.callID.prefix(8)) })
      case .lateLeg(let leg, let joining): lateLegs.append((String(leg.callID.prefix(8)), joining))
      }
    }
    #expect(emittedLegs == [["3a1f0c2e"], ["e5000000", "e5000000"]])
    #expect(lateLegs.count == 1)
    #expect(lateLegs.first?.0 == "7d2e9f10")
    #expect(lateLegs.first?.1 == "63746438400-1a2b3c4d")
    #expect(grouper.lateLegs == 1)
    #expect(grouper.legsSeen == 4)
  }

  /// A late leg is found by whichever key it shares with the sealed call: a bridge id
  /// naming the sealed leg, or only the interaction id (when linking by it).
  @Test(
    "a late leg is recognised by its bridge id or by its interaction id alone",
    arguments: ["bridge", "interaction"])
  func lateLegByEachKey(_ link: String) {
    var first = CallDetailRecord(callID: "first-leg")
    // Channel times are Unix microseconds (63746438400 gregorian = 1579219200 Unix).
    first.channelCreatedTime = 1_579_219_200 * 1_000_000
    first.timestamp = 63_746_438_410
    first.interactionID = "63746438400-shared"
    var late = CallDetailRecord(callID: "late-leg")
    late.channelCreatedTime = 1_579_219_205 * 1_000_000
    late.timestamp = 63_746_438_415
    if link == "bridge" {
      late.customChannelVars = CustomChannelVars(values: ["bridge_id": "first-leg"])
    } else {
      late.interactionID = "63746438400-shared"
    }
    // Hours later: the first call is sealed before the late leg arrives.
    var later = CallDetailRecord(callID: "later-call")
    later.channelCreatedTime = 1_579_240_800 * 1_000_000
    later.timestamp = 63_746_460_010
    var grouper = StreamingInteractionGrouper(
      links: [.otherLeg, .bridge, .interactionID], window: 60)
    _ = grouper.add(first)
    _ = grouper.add(later)
    let events = grouper.add(late)
    #expect(events == [.lateLeg(late, joining: "63746438400-shared")])
    #expect(grouper.lateLegs == 1)
  }

  /// A long stream with a short window: sealed calls' ids are dropped and the held legs
  /// re-indexed several times along the way, and the calls come out as a batch grouping
  /// finds them. Call ids used again after their call was forgotten start new calls
  /// instead of being late or joining each other through the old call.
  @Test func longStreamsEqualBatchAcrossRebuilds() throws {
    var random = SeededGenerator(seed: 77)
    var legs: [CallDetailRecord] = []
    let calls = 6_000
    // Calls 20 and 21 (200 s later, before the table is first rebuilt) are single legs
    // named like call 0's two legs; the last call (16 hours later, after rebuilds) is named
    // like its A-leg.
    let reused = [20: "call-0-a", 21: "call-0-b", calls - 1: "call-0-a"]
    for call in 0..<calls {
      // One call every 10 s; legs end within 5 s of each other.
      let start = 63_746_438_400 + call * 10
      let created = (start - 62_167_219_200) * 1_000_000
      let aLeg = reused[call] ?? "call-\(call)-a"
      // Call 21 is longer: it ends after the next five calls (within the window).
      let length = call == 21 ? 55 : 3
      legs.append(makeLeg(aLeg, created: created, timestamp: start + length, duration: length))
      switch call == 0 ? 0 : reused[call] != nil ? 2 : random.below(3) {
      case 0:
        legs.append(
          makeLeg("call-\(call)-b", created: created + 1, otherLeg: aLeg, timestamp: start + 5))
      case 1:
        legs.append(
          makeLeg("call-\(call)-b", created: created + 1, bridge: aLeg, timestamp: start + 4))
      default: break
      }
    }
    var grouper = StreamingInteractionGrouper(window: 60)
    var emitted: [Interaction] = []
    for event in legs.flatMap({ grouper.add($0) }) + grouper.finish() {
      if case .interaction(let interaction) = event { emitted.append(interaction) }
    }
    #expect(grouper.lateLegs == 0)
    #expect(grouper.peakPendingLegs < 30)
    #expect(emitted.count == calls)
    func reusesCallZero(_ interaction: Interaction) -> Bool {
      interaction.legs.contains { $0.callID.hasPrefix("call-0-") }
    }
    #expect(
      emitted.filter(reusesCallZero).map { $0.legs.map(\.callID) } == [
        ["call-0-a", "call-0-b"], ["call-0-a"], ["call-0-b"], ["call-0-a"],
      ])
    // Call 20 is emitted once the watermark passes its own end (before the calls that
    // start later), not held back by call 21 through their ids' old call.
    let callTwenty = emitted.firstIndex { $0.legs.map(\.callID) == ["call-0-a"] }
    let callTwentyTwo = emitted.firstIndex { $0.legs[0].callID == "call-22-a" }
    #expect(try #require(callTwenty) < #require(callTwentyTwo))
    // The batch grouping joins the four calls that share those ids; the others agree.
    let batch = InteractionGrouper().group(legs)
    #expect(batch.interactions.count == calls - 3)
    #expect(
      emitted.filter { !reusesCallZero($0) } == batch.interactions.filter { !reusesCallZero($0) })
  }

  @Test func streamingMemoryStaysWithinTheWindow() {
    // 2000 independent single-leg calls, one per 10 s, with a 60 s window: at most a
    // window's worth (plus one) of legs is ever held.
    var grouper = StreamingInteractionGrouper(window: 60)
    var emitted = 0
    for index in 0..<2000 {
      let leg = makeLeg("s\(index)", timestamp: 63_746_438_400 + index * 10, duration: 5)
      emitted += grouper.add(leg).count
    }
    emitted += grouper.finish().count
    #expect(emitted == 2000)
    #expect(grouper.peakPendingLegs <= 12)
  }

  /// Components by breadth-first search over an adjacency matrix of legs, referenced call
  /// ids and interaction ids.
  func bruteForceComponents(_ legs: [CallDetailRecord], links: InteractionLinkOptions) -> Set<
    Set<String>
  > {
    var names: [String] = legs.map(\.callID)
    func node(_ name: String) -> Int {
      if let index = names.firstIndex(of: name) { return index }
      names.append(name)
      return names.count - 1
    }
    var edges: [(Int, Int)] = []
    for (index, leg) in legs.enumerated() {
      if links.contains(.otherLeg), let other = leg.otherLegCallID {
        edges.append((index, node(other)))
      }
      if links.contains(.bridge), let bridge = leg.customChannelVars?.bridgeID {
        edges.append((index, node(bridge)))
      }
      if links.contains(.interactionID), let shared = leg.interactionID {
        edges.append((index, node("iid:" + shared)))
      }
    }
    var matrix = [[Bool]](
      repeating: [Bool](repeating: false, count: names.count), count: names.count)
    for (a, b) in edges {
      matrix[a][b] = true
      matrix[b][a] = true
    }
    var seen = [Bool](repeating: false, count: names.count)
    var components: Set<Set<String>> = []
    for start in legs.indices where !seen[start] {
      var queue = [start]
      seen[start] = true
      var component: Set<String> = []
      while let current = queue.popLast() {
        if current < legs.count { component.insert(legs[current].callID) }
        for next in names.indices where matrix[current][next] && !seen[next] {
          seen[next] = true
          queue.append(next)
        }
      }
      components.insert(component)
    }
    return components
  }

  @Test func randomizedAgainstBruteForce() {
    var random = SeededGenerator(seed: 31337)
    let choices: [InteractionLinkOptions] = [
      .default, [.otherLeg], [.bridge], [.otherLeg, .bridge, .interactionID],
    ]
    for _ in 0..<300 {
      let count = Int.random(in: 1...12, using: &random)
      let targets = (0..<count).map { "c\($0)" } + ["p0", "p1", "p2"]
      var legs: [CallDetailRecord] = []
      for index in 0..<count {
        let otherLeg =
          Int.random(in: 0..<3, using: &random) == 0 ? targets.randomElement(using: &random) : nil
        let bridge =
          Int.random(in: 0..<3, using: &random) == 0 ? targets.randomElement(using: &random) : nil
        let shared =
          Int.random(in: 0..<4, using: &random) == 0
          ? "i\(Int.random(in: 0..<2, using: &random))" : nil
        let created = 1_579_219_200_000_000 + Int.random(in: 0..<4, using: &random) * 1_000_000
        legs.append(
          makeLeg(
            "c\(index)", created: created, otherLeg: otherLeg, bridge: bridge, interactionID: shared
          ))
      }
      let links = choices.randomElement(using: &random) ?? .default
      let grouping = InteractionGrouper(links: links).group(legs)
      let found = Set(grouping.interactions.map { Set($0.legs.map(\.callID)) })
      let expectedComponents = bruteForceComponents(legs, links: links)
      #expect(found == expectedComponents)
      // The partition has the same components, legs in the same order, and knows each
      // leg's component.
      let partition = InteractionGrouper(links: links).partition(legs)
      #expect(Set(partition.map { Set($0.map { legs[$0].callID }) }) == expectedComponents)
      #expect(
        Set(partition.map { $0.map { legs[$0].callID } })
          == Set(grouping.interactions.map { $0.legs.map(\.callID) }))
      for component in partition.indices {
        for leg in partition[component] { #expect(partition.component(ofLeg: leg) == component) }
      }
      #expect(partition.legCount == legs.count)
      #expect(partition.reduce(0) { $0 + $1.count } == legs.count)
      for interaction in grouping.interactions {
        // Legs ordered by channel time, then call id (no loopback markers here).
        let expected = interaction.legs.sorted {
          ($0.channelCreatedTime ?? 0, $0.callID) < ($1.channelCreatedTime ?? 0, $1.callID)
        }
        #expect(interaction.legs.map(\.callID) == expected.map(\.callID))
      }
    }
  }
}
