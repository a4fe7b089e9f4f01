/// Characters that make text show something other than what it is: control characters (an
/// escape sequence can clear a terminal or move the cursor to print a fake "ok"), and the
/// bidirectional controls of the "Trojan Source" attacks, which reorder what a reader sees in
/// a review, a terminal or a page. Spec values may not hold them; whatever is printed escapes them.
public enum UnsafeCharacters {
    /// U+202A-U+202E (embeddings and overrides), U+2066-U+2069 (isolates), and the marks
    /// U+200E, U+200F and U+061C.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// C0 and C1 control characters and DEL.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The first character a value may not hold, with its offset in Unicode scalars; newlines
    /// and tabs are allowed where the text may span lines.
    public static func first(in text: String, multiline: Bool) -> (offset: Int, scalar: Unicode.Scalar)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if multiline, scalar == "\n" || scalar == "\t" || scalar == "\r" { continue }
            if isControl(scalar) || isBidiControl(scalar) { return (offset, scalar) }
        }
        return nil
    }

    /// `U+001B`, for messages that name the character.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Text safe to print: every control and bidirectional character written as `\u{1B}`.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || isBidiControl($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) || isBidiControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
