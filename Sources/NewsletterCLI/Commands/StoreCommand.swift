import ArgumentParser

/// `newsletter store`: the store as a whole.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Work on the store as a whole: copy it between SQLite and PostgreSQL, or back it up.",
        subcommands: [StoreCopy.self, StoreBackup.self]
    )
}
