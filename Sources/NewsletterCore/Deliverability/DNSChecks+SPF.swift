extension DNSChecks {
    /// The most DNS-querying terms an SPF evaluation may use (RFC 7208 §4.6.4).
    public static let spfLookupLimit = 10

    /// `spf.record` (one record that parses and ends in `~all` or `-all`) and `spf.lookups`
    /// (at most 10 querying terms, counting through includes and redirects).
    func spf(_ domain: String) async throws -> [CheckResult] {
        let records = try await txt(domain).filter(SPFRecord.isSPF)
        let example = "v=spf1 mx ~all"
        guard !records.isEmpty else {
            return [.fail("spf.record", "There is no SPF record at \(domain), so receivers cannot tell which servers may send its mail.",
                          fix: "Publish a TXT record at \(domain) such as \"\(example)\", adding include:… for an email service that sends for you."),
                    .skip("spf.lookups", "There is no SPF record to count.")]
        }
        guard records.count == 1 else {
            return [.fail("spf.record", "\(domain) has \(records.count) SPF records, which receivers treat as broken (RFC 7208 §4.5).",
                          fix: "Merge them into one TXT record starting with v=spf1."),
                    .skip("spf.lookups", "Not counted: the SPF records conflict.")]
        }
        let record: SPFRecord
        do {
            record = try SPFRecord(records[0])
        } catch {
            return [.fail("spf.record", "The SPF record at \(domain) cannot be read: \(error).", fix: "Correct the record; \"\(example)\" is a starting point."),
                    .skip("spf.lookups", "Not counted: the SPF record cannot be read.")]
        }
        var walk = SPFWalk()
        try await walk.visit(domain, record: record, checks: self)
        var results: [CheckResult] = []
        let finalAll = walk.finalAll
        switch finalAll {
        case .fail?, .softfail?:
            results.append(.pass("spf.record", "The SPF record at \(domain) ends in \(finalAll == .fail ? "-all" : "~all")."))
        case .pass?:
            results.append(.fail("spf.record", "The SPF record at \(domain) ends in +all, which lets any server on the internet send as \(domain).",
                                 fix: "End it in ~all (or -all once every sender is listed)."))
        case .neutral?:
            results.append(.warn("spf.record", "The SPF record at \(domain) ends in ?all, which says nothing about other servers.", fix: "End it in ~all or -all."))
        case nil:
            results.append(.warn("spf.record", "The SPF record at \(domain) has no all term, so mail from other servers is neutral.", fix: "End it in ~all or -all."))
        }
        if let problem = walk.problem {
            results.append(.fail("spf.lookups", problem, fix: "Correct or remove that include or redirect."))
        } else if walk.lookups > Self.spfLookupLimit {
            results.append(.fail("spf.lookups", "SPF for \(domain) needs \(walk.lookups) DNS lookups counting includes and redirects, over RFC 7208's limit of \(Self.spfLookupLimit), so receivers treat it as broken.",
                                 fix: "Remove includes you do not use, or replace a and mx terms with ip4:/ip6: ranges, until it needs at most \(Self.spfLookupLimit)."))
        } else {
            results.append(.pass("spf.lookups", "SPF for \(domain) needs \(walk.lookups) of the \(Self.spfLookupLimit) DNS lookups RFC 7208 allows."))
        }
        return results
    }
}

/// Follows an SPF record's includes and redirect, counting the querying terms.
struct SPFWalk {
    var lookups = 0
    var problem: String?
    /// The `all` that ends the evaluation: the top record's, or its redirect target's.
    var finalAll: SPFRecord.Qualifier?
    private var visited: Set<String> = []
    private var depth = 0

    mutating func visit(_ domain: String, record: SPFRecord, checks: DNSChecks, top: Bool = true) async throws {
        visited.insert(domain.lowercased())
        lookups += record.ownLookups
        if top { finalAll = record.all }
        for include in record.includes {
            try await follow(include, from: domain, kind: "include:", checks: checks, top: false)
            if problem != nil { return }
        }
        if let redirect = record.redirect {
            try await follow(redirect, from: domain, kind: "redirect=", checks: checks, top: top)
        }
    }

    private mutating func follow(_ target: String, from domain: String, kind: String, checks: DNSChecks, top: Bool) async throws {
        // A macro (%{d}) names a domain only known when a message arrives; a loop or a
        // very deep tree stops the walk (its lookups already pass the limit).
        guard !target.contains("%"), depth < 12, lookups <= 3 * DNSChecks.spfLookupLimit else { return }
        guard !visited.contains(target.lowercased()) else {
            problem = "The SPF record at \(domain) loops back to \(target) through \(kind)\(target)."
            return
        }
        let records = try await checks.txt(target).filter(SPFRecord.isSPF)
        guard records.count == 1, let record = try? SPFRecord(records[0]) else {
            problem = "\(kind)\(target) in the SPF record at \(domain) finds \(records.isEmpty ? "no SPF record" : records.count > 1 ? "\(records.count) SPF records" : "an SPF record that cannot be read"), which makes the whole record fail (RFC 7208 permerror)."
            return
        }
        depth += 1
        try await visit(target, record: record, checks: checks, top: top)
        depth -= 1
    }
}
