import Diagnostics
import Plan

/// The commit message of a publish: a summary line, one line per migration saying what
/// changed, and trailers (`git log --format='%(trailers)'`) that trace every generated file
/// back to its spec and the glidepath that wrote it.
enum CommitMessage {
    static func make(
        _ update: RepositoryUpdate, outputs: [MigrationOutput], summary: String?, version: String, signOff: SignOffRecord? = nil
    ) -> String {
        let changed = update.changedMigrations
        let names = changed.map(\.name)
        let defaultSummary =
            if let signOff {
                "glidepath: sign-off of \(signOff.migration) at \(signOff.point) by \(signOff.signer) (\(signOff.role))"
            } else {
                switch names.count {
                case 0: "glidepath: update the publish lock"
                case 1: "glidepath: publish \(names[0])"
                case 2...3: "glidepath: publish \(names.joined(separator: ", "))"
                default: "glidepath: publish \(names.count) migrations"
                }
            }
        var text = oneLine(summary ?? defaultSummary) + "\n\n"
        if !changed.isEmpty {
            for migration in changed {
                var parts: [String] = []
                if migration.added > 0 { parts.append("\(migration.added) added") }
                if migration.changed > 0 { parts.append("\(migration.changed) changed") }
                if migration.removed > 0 { parts.append("\(migration.removed) removed") }
                text += "\(migration.name): \(parts.joined(separator: ", "))\n"
            }
            text += "\n"
        }
        let byName = Dictionary(outputs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in names {
            guard let output = byName[name] else { continue }
            text += "Glidepath-Migration: \(oneLine(name))\n"
            text += "Glidepath-Spec: \(oneLine(output.spec))\n"
            text += "Glidepath-Spec-SHA256: \(oneLine(output.specSHA256))\n"
        }
        if let signOff { text += SignOffLog.trailers(signOff) }
        text += "Glidepath-Version: \(oneLine(version))\n"
        return text
    }

    /// A value that stays on its line: a newline in a spec's file name or in --message would
    /// otherwise start a line of its own, a forged trailer among them. Control and
    /// bidirectional characters are written as `\u{A}`.
    static func oneLine(_ text: String) -> String {
        UnsafeCharacters.escaped(text.trimmingTrailingNewlines)
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
