/// A command a person runs, as a value that owns its quoting: a program with its arguments
/// (each written for a POSIX shell, quoted only where it needs to be), or a command line the
/// spec's authors wrote themselves, shown as they wrote it.
public enum Command: Sendable, Equatable {
    case argv([String])
    /// A program whose arguments may read an environment variable (an API token, which must
    /// never be written into a spec or a runbook).
    case words([Word])
    /// `NAME=$(first | second)`: a shell variable set from a pipeline's output, for the command
    /// after it (an id an API hands out, which the next call names).
    case capture(variable: String, pipeline: [[Word]])
    /// `first | second`: one program's output read by the next (a dump loaded elsewhere).
    case pipeline([[Word]])
    case shell(String)

    /// One argument: plain text, or text around the value of an environment variable.
    public enum Word: Sendable, Equatable {
        case text(String)
        /// `prefix` then the variable's value, as one argument (`"Authorization: $TOKEN"`).
        case variable(prefix: String, name: String)
    }

    public var shellText: String {
        switch self {
        case .argv(let words): words.map(Self.word).joined(separator: " ")
        case .words(let words): Self.text(words)
        case .capture(let variable, let pipeline): variable + "=$(" + pipeline.map(Self.text).joined(separator: " | ") + ")"
        case .pipeline(let programs): programs.map(Self.text).joined(separator: " | ")
        case .shell(let line): line
        }
    }

    private static func text(_ words: [Word]) -> String {
        words.map { word in
            switch word {
            case .text(let text): Self.word(text)
            case .variable(let prefix, let name): "\"" + Self.doubleQuoted(prefix) + "$" + name + "\""
            }
        }.joined(separator: " ")
    }

    /// Text inside double quotes: only `\`, `"`, `$` and the backquote are special there.
    private static func doubleQuoted(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\\"$`".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A word the shell reads back unchanged: plain names as they are, anything else quoted.
    public static func word(_ text: String) -> String {
        // Bytes: every command on every runbook passes here.
        let plain =
            !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: ":"),
                    UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: ","):
                    true
                default: false
                }
            }
        if plain { return text }
        var quoted = "'"
        for character in text {
            quoted += character == "'" ? "'\\''" : String(character)
        }
        return quoted + "'"
    }
}

/// The commands of the rollout and its Application, for the cutover and the way back.
public struct OperatorCommands: Sendable {
    public var get: Command
    public var watch: Command
    public var promote: Command
    public var promoteFull: Command
    public var abort: Command
    public var undo: Command
    /// Runs an aborted update again, same version: only when the cause is fixed and was not the version.
    public var retry: Command
    public var status: Command
    public var sync: Command
    public var showVirtualService: Command
    public var showDestinationRules: Command
    /// The data phases' Jobs (runner `cluster`), and their logs.
    public var dataJobs: Command
    public var dataJobLogs: Command

    package init(names: Names) {
        let rollout = [names.rollout, "-n", names.namespace]
        let plugin = ["kubectl", "argo", "rollouts"]
        get = .argv(plugin + ["get", "rollout"] + rollout)
        watch = .argv(plugin + ["get", "rollout"] + rollout + ["--watch"])
        promote = .argv(plugin + ["promote"] + rollout)
        promoteFull = .argv(plugin + ["promote", "--full"] + rollout)
        abort = .argv(plugin + ["abort"] + rollout)
        undo = .argv(plugin + ["undo"] + rollout)
        retry = .argv(plugin + ["retry", "rollout"] + rollout)
        status = .argv(plugin + ["status"] + rollout)
        sync = .argv(["argocd", "app", "sync", names.migration])
        showVirtualService = .argv(["kubectl", "get", "virtualservice", names.virtualService, "-n", names.namespace, "-o", "yaml"])
        let migrationLabel = "glidepath.dev/migration=\(names.migration)"
        dataJobs = .argv(["kubectl", "get", "jobs", "-n", names.namespace, "-l", migrationLabel])
        dataJobLogs = .argv(["kubectl", "logs", "-n", names.namespace, "-l", migrationLabel, "--tail=100", "--prefix"])
        showDestinationRules = .argv([
            "kubectl", "get", "destinationrule", "-n", names.namespace, "-l", "glidepath.dev/migration=\(names.migration)", "-o", "yaml",
        ])
    }
}
