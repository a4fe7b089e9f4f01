/// A typed HTML or SVG element tree, serialised with the escaping each position needs, so
/// generated markup (the timeline picture) is never pasted together from strings.
struct Markup: Sendable {
    enum Node: Sendable {
        case element(Markup)
        case text(String)
    }

    var name: String
    var attributes: [(name: String, value: String)]
    var children: [Node]

    init(_ name: String, _ attributes: [(String, String)] = [], _ children: [Node] = []) {
        self.name = name
        self.attributes = attributes.map { (name: $0.0, value: $0.1) }
        self.children = children
    }

    init(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        self.init(name, attributes, [.text(text)])
    }

    var serialized: String {
        var out = "<" + name
        for attribute in attributes {
            out += " " + attribute.name + "=\"" + Self.escape(attribute.value, quotes: true) + "\""
        }
        if children.isEmpty { return out + "/>" }
        out += ">"
        for child in children {
            switch child {
            case .element(let element): out += element.serialized
            case .text(let text): out += Self.escape(text, quotes: false)
            }
        }
        return out + "</" + name + ">"
    }

    /// The five characters that can end a text run or an attribute value.
    static func escape(_ text: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
