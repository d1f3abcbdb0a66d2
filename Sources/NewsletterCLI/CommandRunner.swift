import ArgumentParser
import Foundation
import NewsletterCore

/// Runs a command body and turns a failure into one sentence on stderr and exit status 1.
enum CommandRunner {
    static func run(_ console: Console, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            console.error(String(describing: error))
            throw ExitCode.failure
        }
    }
}
