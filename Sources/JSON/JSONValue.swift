/// A JSON document with object keys in a chosen order, so machine output (`--format json`,
/// `glidepath schema`) is byte-identical from run to run and reads well in a diff.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(serialized())
    }

    /// Pretty-printed with two-space indentation and a trailing newline when `pretty`.
    public func serialized(pretty: Bool = false) -> String {
        // Written as bytes: a dashboard per migration makes this a hot loop of a site build.
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out, indent: pretty ? 0 : nil)
        if pretty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .int(let value): out += String(value).utf8
        case .number(let value): out += JSONValue.format(value).utf8
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let items):
            writeContainer(open: 0x5B, close: 0x5D, count: items.count, to: &out, indent: indent) {
                index, out, inner in items[index].write(to: &out, indent: inner)
            }
        case .object(let members):
            writeContainer(open: 0x7B, close: 0x7D, count: members.count, to: &out, indent: indent) {
                index, out, inner in
                JSONValue.writeString(members[index].0, to: &out)
                out.append(0x3A)
                if indent != nil { out.append(0x20) }
                members[index].1.write(to: &out, indent: inner)
            }
        }
    }

    private func writeContainer(
        open: UInt8, close: UInt8, count: Int, to out: inout [UInt8], indent: Int?,
        element: (Int, inout [UInt8], Int?) -> Void
    ) {
        out.append(open)
        guard count > 0 else {
            out.append(close)
            return
        }
        let inner = indent.map { $0 + 2 }
        for index in 0..<count {
            if index > 0 { out.append(0x2C) }
            if let inner {
                out.append(0x0A)
                out.append(contentsOf: repeatElement(0x20, count: inner))
            }
            element(index, &out, inner)
        }
        if let indent {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent))
        }
        out.append(close)
    }

    /// Numbers without exponent noise for the values a spec holds (percentages, seconds).
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// Escapes `"`, `\\`, the C0 controls, and U+2028 / U+2029 (which end a line in JavaScript).
    static func writeString(_ value: String, to out: inout [UInt8]) {
        out.append(0x22)
        defer { out.append(0x22) }
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += value.utf8
            return
        }
        let utf8 = Array(value.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case 0x22: out += #"\""#.utf8
            case 0x5C: out += #"\\"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case 0..<0x20: out += unicodeEscape(UInt32(byte)).utf8
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                out += unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029).utf8
                index += 2
            default: out.append(byte)
            }
            index += 1
        }
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
