import CDRKit
import Foundation

/// Grouping generated legs into interactions: batch union-find, the streaming grouper, and
/// merging two halves; with a same-run growth check against a tenth of the input.
let groupingBenchmark = Benchmark(
  name: "grouping",
  summary: "Legs to interactions: batch, streaming, merge of halves; growth vs a tenth of the input"
) { count in
  var generator = LegGenerator(seed: 7)
  let legs = generator.legs(count: count)
  let tenth = Array(legs.prefix(max(1, legs.count / 10)))
  print("  input: \(legs.count) legs (tenth: \(tenth.count) legs)")
  let grouper = InteractionGrouper()
  var interactions = 0
  let batchSeconds = measure(repetitions: 2) {
    interactions = grouper.group(legs).interactions.count
  }
  print("  \(interactions) interactions")
  reportLegs(stage: "batch group (\(legs.count))", seconds: batchSeconds, legs: legs.count)
  var components = 0
  let partitionSeconds = measure(repetitions: 3) { components = grouper.partition(legs).count }
  precondition(components == interactions, "partition gave \(components), batch \(interactions)")
  reportLegs(stage: "partition only (\(legs.count))", seconds: partitionSeconds, legs: legs.count)
  let tenthSeconds = measure(repetitions: 2) { _ = grouper.group(tenth).interactions.count }
  reportLegs(stage: "batch group (\(tenth.count))", seconds: tenthSeconds, legs: tenth.count)
  print(
    String(
      format: "  growth: %.1fx the legs took %.2fx the time (linear: %.1fx)",
      Double(legs.count) / Double(tenth.count), batchSeconds / tenthSeconds,
      Double(legs.count) / Double(tenth.count)))
  var streamed = 0
  var peak = 0
  let streamSeconds = measure(repetitions: 1) {
    var streaming = StreamingInteractionGrouper(window: 3600)
    streamed = 0
    for leg in legs { streamed += streaming.add(leg).count }
    streamed += streaming.finish().count
    peak = streaming.peakPendingLegs
  }
  precondition(streamed == interactions, "streaming gave \(streamed), batch \(interactions)")
  reportLegs(stage: "streaming, window 3600 s", seconds: streamSeconds, legs: legs.count)
  print("  streaming held at most \(peak) legs at once")
  let half = legs.count / 2
  let left = Array(legs[..<half])
  let right = Array(legs[half...])
  var merged = 0
  let mergeSeconds = measure(repetitions: 1) {
    let grouping = try? grouper.group(left).merged(with: grouper.group(right))
    merged = grouping?.interactions.count ?? -1
  }
  precondition(merged == interactions, "merge gave \(merged), batch \(interactions)")
  reportLegs(stage: "group halves + merge", seconds: mergeSeconds, legs: legs.count)
  print(String(format: "  ratio batch / streaming time: %.2fx", batchSeconds / streamSeconds))
}

/// Prints one row: stage, wall time and legs/s.
func reportLegs(stage: String, seconds: Double, legs: Int) {
  print(
    String(
      format: "  %@ %9.3f s %12.0f legs/s",
      stage.padding(toLength: 34, withPad: " ", startingAt: 0),
      seconds, Double(legs) / seconds))
}
