import CDRKit
import Foundation

/// Reading NDJSON with `CDRReader` against Foundation's `JSONDecoder` on the same bytes.
let readerBenchmark = Benchmark(
  name: "reader",
  summary: "NDJSON bytes to CallDetailRecord: CDRReader vs JSONDecoder"
) { count in
  var generator = LegGenerator(seed: 42)
  let legs = generator.legs(count: count)
  let bytes = LegGenerator.ndjson(legs)
  print("  input: \(legs.count) legs, \(formatBytes(bytes.count))")
  var accepted = 0
  let readerSeconds = measure {
    let reader = CDRReader(bytes: bytes, sourceName: "bench")
    accepted = 0
    while let event = reader.next() { if event.record != nil { accepted += 1 } }
  }
  precondition(accepted == legs.count, "reader accepted \(accepted) of \(legs.count)")
  report(stage: "CDRReader", seconds: readerSeconds, bytes: bytes.count, legs: legs.count)
  let decoder = JSONDecoder()
  let lines = ndjsonLines(bytes)
  let decoderSeconds = measure {
    var decoded = 0
    for line in lines where (try? decoder.decode(CallDetailRecord.self, from: line)) != nil {
      decoded += 1
    }
    precondition(decoded == legs.count)
  }
  report(
    stage: "JSONDecoder (Codable)", seconds: decoderSeconds, bytes: bytes.count, legs: legs.count)
  print(String(format: "  ratio CDRReader / JSONDecoder: %.2fx", decoderSeconds / readerSeconds))
}
