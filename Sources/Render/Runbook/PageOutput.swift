/// The bytes of a page as the compiled templates write it: literal text as it stands, values
/// as text or HTML-escaped text.
struct PageOutput {
    private var bytes: [UInt8] = []

    /// A runbook page is 30-60 kB.
    init(capacity: Int = 64 * 1024) {
        bytes.reserveCapacity(capacity)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// The same five characters as the template engine's HTML escaping (`<`, `>`, `&`, `"`,
    /// `'`), so a page reads the same whichever renders it.
    mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { text in
            // Runs without a special character are copied whole.
            var run = 0
            for index in text.indices where Self.needsEscape(text[index]) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[run..<index]))
                switch text[index] {
                case 0x3C: raw("&lt;" as StaticString)
                case 0x3E: raw("&gt;" as StaticString)
                case 0x26: raw("&amp;" as StaticString)
                case 0x22: raw("&quot;" as StaticString)
                default: raw("&#39;" as StaticString)
                }
                run = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[run...]))
        }
    }

    static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x22 || byte == 0x27
    }
}
