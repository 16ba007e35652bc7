import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One HTTP exchange on a `URLSessionTask`, cancellable from Swift concurrency without
/// blocking.
///
/// FoundationNetworking's own `data(for:)` cancels its task synchronously from the
/// cancellation handler, which runs under the task's status lock; if the task completes at
/// that moment, its completion waits for that lock while the cancel waits for the
/// session's queue, and both hang (seen on Linux, Swift 6.3). Here the cancel is sent from
/// another queue, so the handler never blocks.
enum _Exchange {
  /// The task once created, and whether cancellation came first.
  final class _TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionTask?
    private var cancelled = false

    /// Stores the task; returns whether it must be cancelled at once.
    func set(_ task: URLSessionTask) -> Bool {
      lock.lock()
      defer { lock.unlock() }
      self.task = task
      return cancelled
    }

    /// Marks the exchange cancelled; returns the task to cancel, if any yet.
    func cancel() -> URLSessionTask? {
      lock.lock()
      defer { lock.unlock() }
      cancelled = true
      return task
    }
  }

  /// The body in memory, or (`toFile`) in a temporary file the caller owns.
  static func run(_ request: URLRequest, on session: URLSession, toFile: Bool) async throws
    -> (body: Data, file: URL?, response: URLResponse)
  {
    let box = _TaskBox()
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        let task: URLSessionTask
        if toFile {
          task = session.downloadTask(with: request) { location, response, error in
            guard let location, let response else {
              continuation.resume(throwing: error ?? URLError(.badServerResponse))
              return
            }
            // The system deletes its file when this handler returns: keep our own.
            let kept = FileManager.default.temporaryDirectory.appendingPathComponent(
              "cdrclient-\(UUID().uuidString).download")
            do {
              try FileManager.default.moveItem(at: location, to: kept)
              continuation.resume(returning: (Data(), kept, response))
            } catch {
              continuation.resume(throwing: error)
            }
          }
        } else {
          task = session.dataTask(with: request) { data, response, error in
            guard let response else {
              continuation.resume(throwing: error ?? URLError(.badServerResponse))
              return
            }
            if let error {
              continuation.resume(throwing: error)
              return
            }
            continuation.resume(returning: (data ?? Data(), nil, response))
          }
        }
        let cancelNow = box.set(task)
        task.resume()
        if cancelNow { DispatchQueue.global().async { task.cancel() } }
      }
    } onCancel: {
      if let task = box.cancel() { DispatchQueue.global().async { task.cancel() } }
    }
  }
}
