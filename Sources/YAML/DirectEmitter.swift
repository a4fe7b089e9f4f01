/// Writes a document straight into one buffer, making libyaml's own decisions with libyaml's
/// own steps (src/emitter.c of libyaml 0.2.5, with glidepath's settings: UTF-8, indent 2,
/// unlimited width, `\n` breaks): the same scalar analysis and style choice, the same
/// indicator, indentation and line-break rules, so the bytes are libyaml's. The events,
/// the emitter's queue and its per-character writes were a quarter of a site build.
///
/// It covers what glidepath's manifests hold: a mapping at the root, block and flow
/// sequences, empty collections, and scalars of printable ASCII with `\n` line breaks. Anything
/// else (other characters, a mapping inside a flow sequence, a scalar at the root) answers nil,
/// and the caller hands the document to libyaml itself. `DirectEmitterTests` compares the two
/// on generated documents.
struct DirectEmitter {
    private var out: [UInt8] = []
    private var column = 0
    private var whitespace = true
    private var indention = true
    private var indent = -1
    private var flowLevel = 0
    private var openEnded = 0

    private struct Unsupported: Error {}

    /// The document's text, or nil when it needs libyaml.
    static func emit(_ value: YAMLValue) -> String? {
        var out: [UInt8] = []
        guard append(value, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the document to `out` and answers true, or leaves `out` as it was and answers
    /// false when the document needs libyaml.
    static func append(_ value: YAMLValue, to out: inout [UInt8]) -> Bool {
        guard case .mapping = value else { return false }
        var emitter = DirectEmitter()
        swap(&emitter.out, &out)
        let start = emitter.out.count
        defer { swap(&emitter.out, &out) }
        do {
            try emitter.node(value, mapping: false, simpleKey: false)
        } catch {
            emitter.out.removeSubrange(start...)
            return false
        }
        // Document end (implicit), then stream end.
        emitter.writeIndent()
        if emitter.openEnded == 2 {
            emitter.indicator("...", needWhitespace: true, isWhitespace: false, isIndention: false)
            emitter.writeIndent()
        }
        return true
    }

    // MARK: Nodes

    private mutating func node(_ value: YAMLValue, mapping: Bool, simpleKey: Bool) throws(Unsupported) {
        switch value {
        case .string(let text):
            try scalar(text, plainImplicit: !CoreSchema.plainWouldChangeType(text), simpleKey: simpleKey)
        case .int(let number):
            try scalar(String(number), plainImplicit: true, simpleKey: simpleKey)
        case .number(let number):
            try scalar(YAMLEmitter.format(number), plainImplicit: true, simpleKey: simpleKey)
        case .bool(let flag):
            try scalar(flag ? "true" : "false", plainImplicit: true, simpleKey: simpleKey)
        case .null:
            try scalar("null", plainImplicit: true, simpleKey: simpleKey)
        case .list(let items) where flowLevel == 0 && !items.isEmpty:
            try blockSequence(items, mappingContext: mapping)
        case .list(let items), .inlineList(let items):
            try flowSequence(items)
        case .mapping(let entries) where entries.isEmpty:
            indicator("{", needWhitespace: true, isWhitespace: true, isIndention: false)
            indicator("}", needWhitespace: false, isWhitespace: false, isIndention: false)
        case .mapping(let entries):
            guard flowLevel == 0 else { throw Unsupported() }
            try blockMapping(entries)
        }
    }

    private mutating func blockMapping(_ entries: [YAMLEntry]) throws(Unsupported) {
        let outer = increaseIndent(flow: false, indentless: false)
        for entry in entries {
            writeIndent()
            if try Self.isSimpleKey(entry.key) {
                try node(.string(entry.key), mapping: true, simpleKey: true)
                indicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
            } else {
                indicator("?", needWhitespace: true, isWhitespace: false, isIndention: true)
                try node(.string(entry.key), mapping: true, simpleKey: false)
                writeIndent()
                indicator(":", needWhitespace: true, isWhitespace: false, isIndention: true)
            }
            try node(entry.value, mapping: true, simpleKey: false)
        }
        indent = outer
    }

    private mutating func blockSequence(_ items: [YAMLValue], mappingContext: Bool) throws(Unsupported) {
        let outer = increaseIndent(flow: false, indentless: mappingContext && !indention)
        for item in items {
            writeIndent()
            indicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
            try node(item, mapping: false, simpleKey: false)
        }
        indent = outer
    }

    private mutating func flowSequence(_ items: [YAMLValue]) throws(Unsupported) {
        indicator("[", needWhitespace: true, isWhitespace: true, isIndention: false)
        let outer = increaseIndent(flow: true, indentless: false)
        flowLevel += 1
        for (index, item) in items.enumerated() {
            if index > 0 { indicator(",", needWhitespace: false, isWhitespace: false, isIndention: false) }
            try node(item, mapping: false, simpleKey: false)
        }
        flowLevel -= 1
        indent = outer
        indicator("]", needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    // MARK: Scalars

    private enum Style { case plain, singleQuoted, doubleQuoted, literal }

    private mutating func scalar(_ text: String, plainImplicit: Bool, simpleKey: Bool) throws(Unsupported) {
        var text = text
        // `withUTF8` rethrows untyped errors: the outcome is carried out of it as a value.
        let written = text.withUTF8 { bytes in
            (try? scalar(bytes, plainImplicit: plainImplicit, simpleKey: simpleKey)) != nil
        }
        guard written else { throw Unsupported() }
    }

    /// Multi-line text asks for a literal block, as YAMLEmitter's events ask.
    private mutating func scalar(_ bytes: UnsafeBufferPointer<UInt8>, plainImplicit: Bool, simpleKey: Bool)
        throws(Unsupported)
    {
        let analysis = try Analysis(bytes)
        // yaml_emitter_select_scalar_style
        var style: Style = analysis.multiline ? .literal : .plain
        if simpleKey && analysis.multiline { style = .doubleQuoted }
        if style == .plain {
            if (flowLevel > 0 && !analysis.flowPlainAllowed) || (flowLevel == 0 && !analysis.blockPlainAllowed) { style = .singleQuoted }
            if bytes.isEmpty && (flowLevel > 0 || simpleKey) { style = .singleQuoted }
            if !plainImplicit { style = .singleQuoted }
        }
        if style == .singleQuoted && !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!analysis.blockAllowed || flowLevel > 0 || simpleKey) { style = .doubleQuoted }

        let outer = increaseIndent(flow: true, indentless: false)
        switch style {
        case .plain: writePlain(bytes)
        case .singleQuoted: writeSingleQuoted(bytes)
        case .doubleQuoted: writeDoubleQuoted(bytes)
        case .literal: writeLiteral(bytes)
        }
        indent = outer
    }

    /// Whether a key can be written as a simple key (`key: value`), as
    /// yaml_emitter_check_simple_key decides: one line, at most 128 bytes.
    private static func isSimpleKey(_ key: String) throws(Unsupported) -> Bool {
        guard key.utf8.count <= 128 else { return false }
        var key = key
        let analysis = key.withUTF8 { bytes in try? Analysis(bytes) }
        guard let analysis else { throw Unsupported() }
        return !analysis.multiline
    }

    /// yaml_emitter_analyze_scalar, for the characters this emitter takes on.
    private struct Analysis {
        var multiline = false
        var flowPlainAllowed = true
        var blockPlainAllowed = true
        var singleQuotedAllowed = true
        var blockAllowed = true

        /// Bytes that need no rule: letters, digits and punctuation that is an indicator
        /// neither at the start nor inside a scalar. Anything else takes the full path.
        private static let ordinary: [Bool] = (0..<256).map { byte in
            guard (0x21...0x7E).contains(byte) else { return false }
            return !"#,[]{}&*!|>'\"%@`?:-".utf8.contains(UInt8(byte))
        }

        init(_ all: UnsafeBufferPointer<UInt8>) throws(Unsupported) {
            guard !all.isEmpty else {
                flowPlainAllowed = false
                blockAllowed = false
                return
            }
            var flowIndicators = false
            var blockIndicators = false
            if all.count >= 3, (all[0] == 0x2D && all[1] == 0x2D && all[2] == 0x2D) || (all[0] == 0x2E && all[1] == 0x2E && all[2] == 0x2E)
            {
                flowIndicators = true
                blockIndicators = true
            }
            var lineBreaks = false
            var leadingSpace = false
            var leadingBreak = false
            var trailingSpace = false
            var trailingBreak = false
            var breakSpace = false
            var spaceBreak = false
            var previousSpace = false
            var previousBreak = false
            var precededByWhitespace = true
            let ordinary = Self.ordinary
            func followedByWhitespace(_ index: Int) -> Bool {
                index + 1 >= all.count || all[index + 1] == 0x20 || all[index + 1] == 0x0A
            }
            for index in all.indices {
                let byte = all[index]
                if index > 0, ordinary[Int(byte)] {
                    previousSpace = false
                    previousBreak = false
                    precededByWhitespace = false
                    continue
                }
                guard byte == 0x0A || (0x20...0x7E).contains(byte) else { throw Unsupported() }
                if index == 0 {
                    switch byte {
                    case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                        UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
                        UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                        flowIndicators = true
                        blockIndicators = true
                    case UInt8(ascii: "?"), UInt8(ascii: ":"):
                        flowIndicators = true
                        if followedByWhitespace(index) { blockIndicators = true }
                    case UInt8(ascii: "-") where followedByWhitespace(index):
                        flowIndicators = true
                        blockIndicators = true
                    default: break
                    }
                } else {
                    switch byte {
                    case UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                        flowIndicators = true
                    case UInt8(ascii: ":"):
                        flowIndicators = true
                        if followedByWhitespace(index) { blockIndicators = true }
                    case UInt8(ascii: "#") where precededByWhitespace:
                        flowIndicators = true
                        blockIndicators = true
                    default: break
                    }
                }
                let last = index == all.count - 1
                if byte == 0x20 {
                    if index == 0 { leadingSpace = true }
                    if last { trailingSpace = true }
                    if previousBreak { breakSpace = true }
                    previousSpace = true
                    previousBreak = false
                } else if byte == 0x0A {
                    lineBreaks = true
                    if index == 0 { leadingBreak = true }
                    if last { trailingBreak = true }
                    if previousSpace { spaceBreak = true }
                    previousSpace = false
                    previousBreak = true
                } else {
                    previousSpace = false
                    previousBreak = false
                }
                precededByWhitespace = byte == 0x20 || byte == 0x0A
            }
            multiline = lineBreaks
            if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
                flowPlainAllowed = false
                blockPlainAllowed = false
            }
            if trailingSpace { blockAllowed = false }
            if breakSpace {
                flowPlainAllowed = false
                blockPlainAllowed = false
                singleQuotedAllowed = false
            }
            if spaceBreak {
                flowPlainAllowed = false
                blockPlainAllowed = false
                singleQuotedAllowed = false
                blockAllowed = false
            }
            if lineBreaks {
                flowPlainAllowed = false
                blockPlainAllowed = false
            }
            if flowIndicators { flowPlainAllowed = false }
            if blockIndicators { blockPlainAllowed = false }
        }
    }

    private mutating func writePlain(_ bytes: UnsafeBufferPointer<UInt8>) {
        if !whitespace && (!bytes.isEmpty || flowLevel > 0) { put(0x20) }
        // Plain style is never chosen for text with a line break, and the width is unlimited.
        out += bytes
        column += bytes.count
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        indicator("'", needWhitespace: true, isWhitespace: false, isIndention: false)
        var breaks = false
        for byte in bytes {
            if byte == 0x0A {
                if !breaks { putBreak() }
                putBreak()
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if byte == UInt8(ascii: "'") { put(byte) }
                put(byte)
                if byte != 0x20 { indention = false }
                breaks = false
            }
        }
        if breaks { writeIndent() }
        indicator("'", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeDoubleQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        indicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
        for byte in bytes {
            switch byte {
            case 0x0A:
                put(UInt8(ascii: "\\"))
                put(UInt8(ascii: "n"))
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                put(UInt8(ascii: "\\"))
                put(byte)
            default:
                put(byte)
            }
        }
        indicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeLiteral(_ bytes: UnsafeBufferPointer<UInt8>) {
        indicator("|", needWhitespace: true, isWhitespace: false, isIndention: false)
        // yaml_emitter_write_block_scalar_hints
        if let first = bytes.first, first == 0x20 || first == 0x0A {
            indicator("2", needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        openEnded = 0
        if bytes.last != 0x0A {
            indicator("-", needWhitespace: false, isWhitespace: false, isIndention: false)
        } else if bytes.count == 1 || bytes[bytes.count - 2] == 0x0A {
            indicator("+", needWhitespace: false, isWhitespace: false, isIndention: false)
            openEnded = 2
        }
        putBreak()
        indention = true
        whitespace = true
        // Line by line: an empty line is a bare break, any other is indented and written whole.
        var start = 0
        while start < bytes.count {
            if bytes[start] == 0x0A {
                putBreak()
                indention = true
                start += 1
                continue
            }
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            writeIndent()
            out += UnsafeBufferPointer(rebasing: bytes[start..<end])
            column += end - start
            indention = false
            start = end
        }
    }

    // MARK: libyaml's primitives

    /// Returns the indentation to restore when the node ends.
    private mutating func increaseIndent(flow: Bool, indentless: Bool) -> Int {
        defer {
            if indent < 0 {
                indent = flow ? 2 : 0
            } else if !indentless {
                indent += 2
            }
        }
        return indent
    }

    private mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) { putBreak() }
        while column < target { put(0x20) }
        whitespace = true
        indention = true
    }

    private mutating func indicator(_ text: StaticString, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(0x20) }
        text.withUTF8Buffer { out += $0 }
        column += text.utf8CodeUnitCount
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    private mutating func indicator(_ text: String, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(0x20) }
        out += text.utf8
        column += text.utf8.count
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    private mutating func put(_ byte: UInt8) {
        out.append(byte)
        column += 1
    }

    private mutating func putBreak() {
        out.append(0x0A)
        column = 0
    }
}
