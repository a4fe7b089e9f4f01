/// Turns the built-in templates into Swift functions that append the page's bytes to a
/// `PageOutput`, resolving every `{{name}}` against the page model's types while generating.
/// The Swift compiler then type-checks each access, so a template that names a field the model
/// lacks fails the build instead of rendering nothing.
///
/// The generated code does what the template engine does at run time for a team's own
/// templates (swift-mustache Template+Render.swift): a name is looked up from the innermost
/// context outwards and a field that is nil counts as absent, so the lookup goes on outwards;
/// only the first part of a dotted name searches the stack; a section repeats over an array,
/// shows or hides on a Bool, and is entered once with any other value; an inverted section
/// shows when the value is absent, false or an empty array.
struct TemplateCompiler {
    let schema: PageModelSchema
    let templates: [String: [TemplateToken]]

    /// A context on the stack: the Swift expression naming it and its type.
    private struct Context {
        let name: String
        let type: FieldType
    }

    private var counter = 0
    private var lines: [String] = []
    private var pendingText = ""
    private var partialsInUse: [String] = []

    init(schema: PageModelSchema, templates: [String: [TemplateToken]]) {
        self.schema = schema
        self.templates = templates
    }

    /// One function per root template: `static func NAME(_ page: MODEL) -> String`.
    mutating func function(template: String, model: String) throws(ToolError) -> String {
        guard let tokens = templates[template] else { throw ToolError("templates/\(template).mustache does not exist") }
        guard schema.fields[model] != nil else { throw ToolError("the page model has no struct \(model)") }
        lines = []
        pendingText = ""
        counter = 0
        try emit(tokens, stack: [Context(name: "page", type: .model(model))], indent: 2, file: template)
        flushText(indent: 2)
        dropUnusedBindings()
        return
            (["    static func \(identifier(template))(_ page: \(model)) -> String {", "        var out = PageOutput()"] + lines + [
                "        return out.string", "    }",
            ]).joined(separator: "\n")
    }

    private mutating func emit(_ tokens: [TemplateToken], stack: [Context], indent: Int, file: String) throws(ToolError) {
        for token in tokens {
            switch token {
            case .text(let text):
                pendingText += text
            case .variable(let name, let escaped):
                try variable(name, escaped: escaped, stack: stack, indent: indent, file: file)
            case .section(let name, let inverted, let body):
                try section(name, inverted: inverted, body: body, stack: stack, indent: indent, file: file)
            case .partial(let name):
                guard let partial = templates[name] else { throw ToolError("templates/\(file).mustache: no partial '\(name)'") }
                guard !partialsInUse.contains(name) else { throw ToolError("templates/\(name).mustache includes itself") }
                partialsInUse.append(name)
                try emit(partial, stack: stack, indent: indent, file: name)
                partialsInUse.removeLast()
            }
        }
    }

    private mutating func variable(_ name: String, escaped: Bool, stack: [Context], indent: Int, file: String) throws(ToolError) {
        try resolve(name, stack: stack, indent: indent, file: file) { compiler, value, indent throws(ToolError) in
            switch value.type {
            case .string: compiler.line(escaped ? "out.escaped(\(value.name))" : "out.raw(\(value.name))", indent: indent)
            case .int: compiler.line("out.raw(String(\(value.name)))", indent: indent)
            case .bool: compiler.line("out.raw(\(value.name) ? \"true\" : \"false\")", indent: indent)
            default: throw ToolError("templates/\(file).mustache: '{{\(name)}}' is not text, a number or a Bool")
            }
        } absent: { _, _ in
        }
    }

    private mutating func section(
        _ name: String, inverted: Bool, body: [TemplateToken], stack: [Context], indent: Int, file: String
    ) throws(ToolError) {
        try resolve(name, stack: stack, indent: indent, file: file) { compiler, value, indent throws(ToolError) in
            switch (value.type, inverted) {
            case (.bool, false), (.bool, true):
                compiler.line("if \(inverted ? "!" : "")\(value.name) {", indent: indent)
                try compiler.emit(body, stack: stack, indent: indent + 1, file: file)
                compiler.close(indent: indent)
            case (.array(let element), false):
                let item = compiler.fresh()
                compiler.line("for \(item) in \(value.name) {", indent: indent)
                try compiler.emit(body, stack: stack + [Context(name: item, type: element)], indent: indent + 1, file: file)
                compiler.close(indent: indent)
            case (.array, true):
                // The engine pushes the empty array itself; an array answers no name.
                compiler.line("if \(value.name).isEmpty {", indent: indent)
                try compiler.emit(body, stack: stack + [value], indent: indent + 1, file: file)
                compiler.close(indent: indent)
            case (_, false) where value.name.allSatisfy({ $0.isLetter || $0.isNumber }):
                try compiler.emit(body, stack: stack + [value], indent: indent, file: file)
            case (_, false):
                let item = compiler.fresh()
                compiler.line("do {", indent: indent)
                compiler.line("let \(item) = \(value.name)", indent: indent + 1)
                try compiler.emit(body, stack: stack + [Context(name: item, type: value.type)], indent: indent + 1, file: file)
                compiler.close(indent: indent)
            case (_, true):
                break
            }
        } absent: { compiler, indent throws(ToolError) in
            if inverted {
                try compiler.emit(body, stack: stack, indent: indent, file: file)
            }
        }
    }

    /// Finds `name` as the engine would and hands each place it may come from to `present`
    /// (with a non-optional value), and the case where it is nowhere to `absent`.
    private mutating func resolve(
        _ name: String, stack: [Context], indent: Int, file: String,
        present: (inout TemplateCompiler, Context, Int) throws(ToolError) -> Void,
        absent: (inout TemplateCompiler, Int) throws(ToolError) -> Void
    ) throws(ToolError) {
        if name == "." {
            guard let top = stack.last else { throw ToolError("templates/\(file).mustache: '{{.}}' outside any context") }
            return try present(&self, top, indent)
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty }) else { throw ToolError("templates/\(file).mustache: '\(name)' is not a name") }
        let candidates = stack.reversed().compactMap { context -> (Context, PageModelSchema.Field)? in
            guard case .model(let model) = context.type, let field = schema.field(parts[0], of: model) else { return nil }
            return (context, field)
        }
        guard !candidates.isEmpty else {
            throw ToolError("templates/\(file).mustache: no context has a field '\(parts[0])' at '{{\(name)}}'")
        }
        try candidate(candidates[...], rest: parts.dropFirst(), indent: indent, name: name, file: file, present: present, absent: absent)
    }

    private mutating func candidate(
        _ candidates: ArraySlice<(Context, PageModelSchema.Field)>, rest: ArraySlice<String>, indent: Int, name: String, file: String,
        present: (inout TemplateCompiler, Context, Int) throws(ToolError) -> Void,
        absent: (inout TemplateCompiler, Int) throws(ToolError) -> Void
    ) throws(ToolError) {
        guard let (context, field) = candidates.first else { return try absent(&self, indent) }
        let access = "\(context.name).\(field.name)"
        guard case .optional(let wrapped) = field.type else {
            return try path(
                Context(name: access, type: field.type), rest: rest, indent: indent, name: name, file: file, present: present,
                absent: absent)
        }
        let value = fresh()
        line("if let \(value) = \(access) {", indent: indent)
        try path(
            Context(name: value, type: wrapped), rest: rest, indent: indent + 1, name: name, file: file, present: present, absent: absent)
        try otherwise(indent: indent) { compiler throws(ToolError) in
            try compiler.candidate(
                candidates.dropFirst(), rest: rest, indent: indent + 1, name: name, file: file, present: present, absent: absent)
        }
    }

    /// The rest of a dotted name, from a value already found: no further search outwards.
    private mutating func path(
        _ value: Context, rest: ArraySlice<String>, indent: Int, name: String, file: String,
        present: (inout TemplateCompiler, Context, Int) throws(ToolError) -> Void,
        absent: (inout TemplateCompiler, Int) throws(ToolError) -> Void
    ) throws(ToolError) {
        guard let part = rest.first else { return try present(&self, value, indent) }
        guard case .model(let model) = value.type, let field = schema.field(part, of: model) else {
            throw ToolError("templates/\(file).mustache: '\(part)' of '{{\(name)}}' is not a field of what precedes it")
        }
        let access = "\(value.name).\(field.name)"
        guard case .optional(let wrapped) = field.type else {
            return try path(
                Context(name: access, type: field.type), rest: rest.dropFirst(), indent: indent, name: name, file: file, present: present,
                absent: absent)
        }
        let unwrapped = fresh()
        line("if let \(unwrapped) = \(access) {", indent: indent)
        try path(
            Context(name: unwrapped, type: wrapped), rest: rest.dropFirst(), indent: indent + 1, name: name, file: file, present: present,
            absent: absent)
        try otherwise(indent: indent) { compiler throws(ToolError) in try absent(&compiler, indent + 1) }
    }

    // MARK: Writing Swift

    /// A value a section only tests (`{{#when}}...{{/when}}` never naming it) is tested, not
    /// bound, so the generated code compiles without warnings.
    private mutating func dropUnusedBindings() {
        var uses: [String: Int] = [:]
        for line in lines {
            for word in line.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.first == "v" {
                uses[String(word), default: 0] += 1
            }
        }
        lines = lines.map { line in
            let code = line.drop { $0 == " " }
            let indent = line.prefix { $0 == " " }
            for (prefix, middle) in [("if let ", " = "), ("for ", " in ")] where code.hasPrefix(prefix) {
                let rest = code.dropFirst(prefix.count)
                guard let end = rest.range(of: middle), uses[String(rest[..<end.lowerBound])] == 1 else { continue }
                let value = rest[end.upperBound...].dropLast(2)
                return prefix == "for " ? indent + "for _ in \(value) {" : indent + "if \(value) != nil {"
            }
            return line
        }
    }

    /// Closes an `if` with the `else` branch `write` makes, or with none when it writes nothing.
    private mutating func otherwise(indent: Int, _ write: (inout TemplateCompiler) throws(ToolError) -> Void) throws(ToolError) {
        flushText(indent: indent + 1)
        let mark = lines.count
        lines.append(String(repeating: "    ", count: indent) + "} else {")
        try write(&self)
        flushText(indent: indent + 1)
        if lines.count == mark + 1 { lines.removeLast() }
        lines.append(String(repeating: "    ", count: indent) + "}")
    }

    private mutating func fresh() -> String {
        counter += 1
        return "v\(counter)"
    }

    private mutating func line(_ text: String, indent: Int) {
        flushText(indent: indent)
        lines.append(String(repeating: "    ", count: indent) + text)
    }

    private mutating func close(indent: Int) {
        flushText(indent: indent + 1)
        lines.append(String(repeating: "    ", count: indent) + "}")
    }

    /// Consecutive text becomes one literal, written as the embedded files are.
    private mutating func flushText(indent: Int) {
        guard !pendingText.isEmpty else { return }
        lines.append(String(repeating: "    ", count: indent) + "out.raw(\(EmbedTemplates.literal(pendingText)) as StaticString)")
        pendingText = ""
    }

    private func identifier(_ template: String) -> String {
        template.split(separator: "-").enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }
}
