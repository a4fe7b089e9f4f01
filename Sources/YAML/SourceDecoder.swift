public import Diagnostics

/// Turns raw bytes into a `SourceFile`, rejecting what is not a text spec with a located error:
/// too large, binary (NUL bytes), or not UTF-8. Runs before libyaml sees anything.
public enum SourceDecoder {
    public static let maxBytes = 1 << 20

    public static func decode(_ bytes: [UInt8], path: String, diagnostics: inout Diagnostics) -> SourceFile? {
        if bytes.count > maxBytes {
            diagnostics.append(YAMLMessages.tooLarge(bytes: bytes.count, limit: maxBytes, path: path))
            return nil
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let nul = body.firstIndex(of: 0) {
            diagnostics.append(
                YAMLMessages.notText(
                    "the file is binary (it contains a NUL byte), not a YAML spec",
                    path: path, at: location(of: nul, in: body)))
            return nil
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            let bad = firstInvalidUTF8(body)
            diagnostics.append(
                YAMLMessages.notText(
                    "the file is not valid UTF-8 (byte 0x\(String(body[bad], radix: 16, uppercase: true)))",
                    path: path, at: location(of: bad, in: body)))
            return nil
        }
        // Trojan Source: a bidirectional control, even in a comment, shows reviewers a
        // different order of text than the one glidepath reads.
        if let (offset, scalar) = firstBidiControl(text) {
            diagnostics.append(YAMLMessages.bidiControl(scalar, path: path, at: location(ofScalar: offset, in: text)))
            return nil
        }
        return SourceFile(path: path, text: text)
    }

    private static func firstBidiControl(_ text: String) -> (Int, Unicode.Scalar)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where UnsafeCharacters.isBidiControl(scalar) {
            return (offset, scalar)
        }
        return nil
    }

    private static func location(ofScalar offset: Int, in text: String) -> SourceLocation {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars.prefix(offset) {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(line: line, column: column)
    }

    /// Line and column (in characters) of a byte offset, for pointing at a bad byte.
    private static func location(of offset: Int, in bytes: ArraySlice<UInt8>) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes[bytes.startIndex..<offset] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(line: line, column: column)
    }

    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0, index + length <= bytes.endIndex,
                String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
            else { return index }
            index += length
        }
        return bytes.startIndex
    }
}
