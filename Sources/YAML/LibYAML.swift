internal import CYAML

// The only file that sees libyaml. It turns the C event stream into Swift values (and back),
// and frees every C handle it creates; no C type leaves this file.

/// A position as libyaml reports it: 0-based line and column, counted in characters.
struct RawMark: Sendable {
    var line: Int
    var column: Int
}

enum ScalarStyle: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One parser event, with libyaml's start and end marks.
enum ParseEvent: Sendable {
    case documentStart
    case documentEnd
    case mappingStart(anchor: String?, tag: String?)
    case mappingEnd
    case sequenceStart(anchor: String?, tag: String?)
    case sequenceEnd
    case scalar(value: String, anchor: String?, tag: String?, style: ScalarStyle)
    case alias(anchor: String)
    case other
}

struct LibYAMLSyntaxError: Error, Sendable {
    var message: String
    var mark: RawMark
}

/// Pulls events from libyaml over an in-memory UTF-8 buffer.
final class LibYAMLParser {
    private var parser = yaml_parser_t()
    private let bytes: UnsafeMutableBufferPointer<UInt8>

    init(utf8 text: [UInt8]) {
        bytes = .allocate(capacity: max(1, text.count))
        _ = bytes.initialize(from: text)
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, text.count)
    }

    deinit {
        yaml_parser_delete(&parser)
        bytes.deallocate()
    }

    /// The next event with its marks, or nil at the end of the stream.
    func next() throws(LibYAMLSyntaxError) -> (event: ParseEvent, start: RawMark, end: RawMark)? {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            throw syntaxError()
        }
        defer { yaml_event_delete(&event) }
        let start = RawMark(line: Int(event.start_mark.line), column: Int(event.start_mark.column))
        let end = RawMark(line: Int(event.end_mark.line), column: Int(event.end_mark.column))
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return nil
        case YAML_DOCUMENT_START_EVENT:
            return (.documentStart, start, end)
        case YAML_DOCUMENT_END_EVENT:
            return (.documentEnd, start, end)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return (.mappingStart(anchor: string(data.anchor), tag: string(data.tag)), start, end)
        case YAML_MAPPING_END_EVENT:
            return (.mappingEnd, start, end)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return (.sequenceStart(anchor: string(data.anchor), tag: string(data.tag)), start, end)
        case YAML_SEQUENCE_END_EVENT:
            return (.sequenceEnd, start, end)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value =
                data.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
                } ?? ""
            let style: ScalarStyle =
                switch data.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
            return (.scalar(value: value, anchor: string(data.anchor), tag: string(data.tag), style: style), start, end)
        case YAML_ALIAS_EVENT:
            return (.alias(anchor: string(event.data.alias.anchor) ?? ""), start, end)
        default:
            return (.other, start, end)
        }
    }

    private func syntaxError() -> LibYAMLSyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        let context = parser.context.map { String(cString: $0) }
        let message = context.map { "\(problem) \($0)" } ?? problem
        let mark = parser.problem_mark
        return LibYAMLSyntaxError(message: message, mark: RawMark(line: Int(mark.line), column: Int(mark.column)))
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}

/// One emitter event; scalars carry whether a plain (unquoted) form would read back as the
/// same string, which is how libyaml decides to quote.
enum EmitEvent {
    case mappingStart
    case mappingEnd
    case sequenceStart(flow: Bool)
    case sequenceEnd
    case scalar(String, plainReadsBack: Bool, preferLiteral: Bool)
}

struct LibYAMLEmitError: Error, Sendable {
    var message: String
}

/// Serialises one document through libyaml's emitter, which owns quoting and escaping.
enum LibYAMLEmitter {
    private final class Sink {
        var bytes: [UInt8] = []
    }

    static func emit(_ events: [EmitEvent]) throws(LibYAMLEmitError) -> String {
        var emitter = yaml_emitter_t()
        guard yaml_emitter_initialize(&emitter) == 1 else {
            throw LibYAMLEmitError(message: "cannot initialise the YAML emitter")
        }
        defer { yaml_emitter_delete(&emitter) }
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        yaml_emitter_set_output(
            &emitter,
            { data, buffer, size in
                guard let data, let buffer else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(data).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, context)
        yaml_emitter_set_unicode(&emitter, 1)
        yaml_emitter_set_indent(&emitter, 2)
        yaml_emitter_set_width(&emitter, -1)
        yaml_emitter_set_break(&emitter, YAML_LN_BREAK)

        var event = yaml_event_t()
        func send(_ ok: Int32) throws(LibYAMLEmitError) {
            guard ok == 1, yaml_emitter_emit(&emitter, &event) == 1 else {
                let problem = emitter.problem.map { String(cString: $0) } ?? "cannot emit YAML"
                throw LibYAMLEmitError(message: problem)
            }
        }
        try send(yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING))
        try send(yaml_document_start_event_initialize(&event, nil, nil, nil, 1))
        for item in events {
            switch item {
            case .mappingStart:
                try send(yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE))
            case .mappingEnd:
                try send(yaml_mapping_end_event_initialize(&event))
            case .sequenceStart(let flow):
                let style = flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE
                try send(yaml_sequence_start_event_initialize(&event, nil, nil, 1, style))
            case .sequenceEnd:
                try send(yaml_sequence_end_event_initialize(&event))
            case .scalar(let value, let plainReadsBack, let preferLiteral):
                var utf8 = Array(value.utf8)
                let style = preferLiteral ? YAML_LITERAL_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE
                let ok = utf8.withUnsafeMutableBufferPointer { buffer in
                    yaml_scalar_event_initialize(
                        &event, nil, nil, buffer.baseAddress, Int32(buffer.count),
                        plainReadsBack ? 1 : 0, 1, style)
                }
                try send(ok)
            }
        }
        try send(yaml_document_end_event_initialize(&event, 1))
        try send(yaml_stream_end_event_initialize(&event))
        guard yaml_emitter_flush(&emitter) == 1 else {
            throw LibYAMLEmitError(message: "cannot flush the YAML emitter")
        }
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}
