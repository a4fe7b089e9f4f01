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
        // Bytes: the timeline and day-span drawings are a few thousand elements per site page.
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out += name.utf8
        for attribute in attributes {
            out.append(UInt8(ascii: " "))
            out += attribute.name.utf8
            out += "=\"".utf8
            Self.escape(attribute.value, quotes: true, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        if children.isEmpty {
            out += "/>".utf8
            return
        }
        out.append(UInt8(ascii: ">"))
        for child in children {
            switch child {
            case .element(let element): element.write(to: &out)
            case .text(let text): Self.escape(text, quotes: false, to: &out)
            }
        }
        out += "</".utf8
        out += name.utf8
        out.append(UInt8(ascii: ">"))
    }

    /// The five characters that can end a text run or an attribute value.
    static func escape(_ text: String, quotes: Bool) -> String {
        var out: [UInt8] = []
        escape(text, quotes: quotes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func escape(_ text: String, quotes: Bool, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\"") where quotes: out += "&quot;".utf8
            case UInt8(ascii: "'") where quotes: out += "&#39;".utf8
            default: out.append(byte)
            }
        }
    }
}
