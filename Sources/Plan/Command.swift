/// A command a person runs, as a value that owns its quoting: a program with its arguments
/// (each written for a POSIX shell, quoted only where it needs to be), or a command line the
/// spec's authors wrote themselves, shown as they wrote it.
public enum Command: Sendable, Equatable {
    case argv([String])
    case shell(String)

    public var shellText: String {
        switch self {
        case .argv(let words): words.map(Self.word).joined(separator: " ")
        case .shell(let line): line
        }
    }

    /// A word the shell reads back unchanged: plain names as they are, anything else quoted.
    public static func word(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-./=:@%+,".contains($0)) }
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
    public var status: Command
    public var sync: Command
    public var showVirtualService: Command
    public var showDestinationRules: Command

    package init(names: Names) {
        let rollout = [names.rollout, "-n", names.namespace]
        let plugin = ["kubectl", "argo", "rollouts"]
        get = .argv(plugin + ["get", "rollout"] + rollout)
        watch = .argv(plugin + ["get", "rollout"] + rollout + ["--watch"])
        promote = .argv(plugin + ["promote"] + rollout)
        promoteFull = .argv(plugin + ["promote", "--full"] + rollout)
        abort = .argv(plugin + ["abort"] + rollout)
        undo = .argv(plugin + ["undo"] + rollout)
        status = .argv(plugin + ["status"] + rollout)
        sync = .argv(["argocd", "app", "sync", names.migration])
        showVirtualService = .argv(["kubectl", "get", "virtualservice", names.virtualService, "-n", names.namespace, "-o", "yaml"])
        showDestinationRules = .argv([
            "kubectl", "get", "destinationrule", "-n", names.namespace, "-l", "glidepath.dev/migration=\(names.migration)", "-o", "yaml",
        ])
    }
}

/// The feature flags of the migration and how to change one.
public struct FlagPlan: Sendable {
    public var provider: String
    /// The spec's command template, with `{flag}` and `{value}`.
    public var setCommand: String
    public var dualWrite: String?
    /// Percent of users dual writes start with.
    public var dualWriteCohort: Double
    public var readFlip: String?
    public var killSwitch: String?

    package init(provider: String, setCommand: String, dualWrite: String?, dualWriteCohort: Double, readFlip: String?, killSwitch: String?)
    {
        self.provider = provider
        self.setCommand = setCommand
        self.dualWrite = dualWrite
        self.dualWriteCohort = dualWriteCohort
        self.readFlip = readFlip
        self.killSwitch = killSwitch
    }

    /// Setting one flag, with its command.
    public func change(_ flag: String, on: Bool) -> FlagChange {
        FlagChange(flag: flag, on: on, command: .shell(setCommand.filling(flag: flag, value: on ? "true" : "false")))
    }
}

public struct FlagChange: Sendable, Equatable {
    public var flag: String
    public var on: Bool
    public var command: Command
}

extension String {
    /// A flag command with `{flag}` and `{value}` filled in.
    func filling(flag: String, value: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let tail = rest[open...]
            if tail.hasPrefix("{flag}") {
                out += flag
                rest = tail.dropFirst("{flag}".count)
            } else if tail.hasPrefix("{value}") {
                out += value
                rest = tail.dropFirst("{value}".count)
            } else {
                out += "{"
                rest = tail.dropFirst()
            }
        }
        return out + rest
    }
}
