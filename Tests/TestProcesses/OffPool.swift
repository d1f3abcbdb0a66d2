import Foundation

/// Runs blocking work (socket waits, a Perl program) on a thread of its own: on Swift's
/// cooperative pool (two threads here) it would stall every other test of the run.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
