/// An nginx configuration as a tree of directives, serialised with nginx's own quoting: an
/// argument that is not a plain word is written in double quotes with `\` before `"`, `\`
/// and `$` where it must stay literal, so no value from a spec can end a directive or open
/// a block. (nginx's tokenizer: src/core/ngx_conf_file.c, ngx_conf_read_token.)
struct NginxConfig: Sendable, Equatable {
    indirect enum Node: Sendable, Equatable {
        /// `name arguments;`
        case directive(String, [Argument])
        /// `name arguments { children }`
        case block(String, [Argument], [Node])
    }

    /// One argument: literal text, or text that uses nginx variables (`$host`) on purpose.
    enum Argument: Sendable, Equatable {
        case literal(String)
        case variables(String)
    }

    var nodes: [Node]

    var text: String {
        var out = ""
        for node in nodes { Self.write(node, depth: 0, into: &out) }
        return out
    }

    private static func write(_ node: Node, depth: Int, into out: inout String) {
        let indent = String(repeating: "    ", count: depth)
        switch node {
        case .directive(let name, let arguments):
            out += indent + ([name] + arguments.map(word)).joined(separator: " ") + ";\n"
        case .block(let name, let arguments, let children):
            out += indent + ([name] + arguments.map(word)).joined(separator: " ") + " {\n"
            for child in children { write(child, depth: depth + 1, into: &out) }
            out += indent + "}\n"
        }
    }

    private static func word(_ argument: Argument) -> String {
        let (text, literal): (String, Bool) =
            switch argument {
            case .literal(let text): (text, true)
            case .variables(let text): (text, false)
            }
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                (scalar.value >= 0x21 && scalar.value < 0x7F) && !"\"';{}\\#".unicodeScalars.contains(scalar)
                    && (!literal || scalar != "$")
            }
        if plain { return text }
        var quoted = "\""
        for character in text {
            switch character {
            case "\"", "\\": quoted += "\\" + String(character)
            case "$" where literal: quoted += "\\$"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }
}
