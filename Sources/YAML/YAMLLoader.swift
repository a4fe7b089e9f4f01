public import Diagnostics

/// Bounds that keep a hostile file from costing unbounded time or memory.
public struct YAMLLimits: Sendable {
    /// Nesting deeper than this is rejected; no spec needs more than a dozen levels.
    public var maxDepth: Int
    /// Nodes after alias expansion; stops "billion laughs" alias bombs.
    public var maxNodes: Int

    public init(maxDepth: Int = 100, maxNodes: Int = 100_000) {
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }
}

/// Builds the node tree of a single-document YAML file from libyaml's events: every node with
/// its range, duplicate keys reported, aliases expanded within limits. Never throws: problems
/// become diagnostics, and a file that cannot be read as YAML yields nil.
public enum YAMLLoader {
    public static func load(
        _ source: SourceFile, limits: YAMLLimits = YAMLLimits(), diagnostics: inout Diagnostics
    ) -> YAMLNode? {
        var builder = TreeBuilder(source: source, limits: limits)
        let parser = LibYAMLParser(utf8: Array(source.text.utf8))
        do {
            while let (event, start, end) = try parser.next() {
                try builder.handle(event, start: builder.location(start), end: builder.location(end))
            }
        } catch let error as LibYAMLSyntaxError {
            let at = builder.location(error.mark)
            diagnostics.append(YAMLMessages.syntax(error.message, at: source.range(from: at, to: at)))
            return nil
        } catch let error as TreeBuilder.Stop {
            diagnostics.append(error.diagnostic)
            return nil
        } catch {
            return nil
        }
        diagnostics.append(contentsOf: builder.diagnostics)
        guard let root = builder.root else {
            let start = SourceLocation(line: 1, column: 1)
            diagnostics.append(YAMLMessages.emptyDocument(at: source.range(from: start, to: start)))
            return nil
        }
        return root
    }
}

private struct TreeBuilder {
    struct Stop: Error {
        var diagnostic: Diagnostic
    }

    /// An open mapping or sequence. Frames are mutated in place at the top of the stack, so
    /// adding a child is amortised O(1) and loading stays linear in the size of the input.
    private struct Frame {
        enum Kind { case mapping, sequence }
        var kind: Kind
        var start: SourceLocation
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var key: YAMLNode?
        /// First range of each key of a mapping, for duplicate-key reports.
        var seen: [String: SourceRange] = [:]
        /// Nodes below this one, after alias expansion.
        var size = 1
    }

    let source: SourceFile
    let limits: YAMLLimits
    var diagnostics = Diagnostics()
    var root: YAMLNode?
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var nodeCount = 0
    private var documents = 0

    init(source: SourceFile, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    func location(_ mark: RawMark) -> SourceLocation {
        SourceLocation(line: mark.line + 1, column: mark.column + 1)
    }

    private func range(_ start: SourceLocation, _ end: SourceLocation) -> SourceRange {
        source.range(from: start, to: end)
    }

    mutating func handle(_ event: ParseEvent, start: SourceLocation, end: SourceLocation) throws(Stop) {
        switch event {
        case .documentStart:
            documents += 1
            if documents > 1 { throw Stop(diagnostic: YAMLMessages.secondDocument(at: range(start, end))) }
        case .mappingStart(let anchor, let tag):
            try checkContainerTag(tag, expected: "tag:yaml.org,2002:map", at: range(start, end))
            try push(Frame(kind: .mapping, start: start, anchor: anchor), at: range(start, end))
        case .sequenceStart(let anchor, let tag):
            try checkContainerTag(tag, expected: "tag:yaml.org,2002:seq", at: range(start, end))
            try push(Frame(kind: .sequence, start: start, anchor: anchor), at: range(start, end))
        case .mappingEnd, .sequenceEnd:
            guard let frame = stack.popLast() else { return }
            let content: YAMLNode.Content = frame.kind == .mapping ? .mapping(frame.pairs) : .sequence(frame.items)
            try complete(YAMLNode(content: content, range: range(frame.start, end)), anchor: frame.anchor, size: frame.size)
        case .scalar(let value, let anchor, let tag, let style):
            let scalar = try makeScalar(value, tag: tag, style: style, at: range(start, end))
            try count(1, at: range(start, end))
            try complete(YAMLNode(content: .scalar(scalar), range: range(start, end)), anchor: anchor, size: 1)
        case .alias(let name):
            guard let (node, size) = anchors[name] else {
                throw Stop(diagnostic: YAMLMessages.unknownAlias(name, at: range(start, end)))
            }
            try count(size, at: range(start, end))
            // The alias stands where it is written, so diagnostics point at the use.
            var copy = node
            copy.range = range(start, end)
            try complete(copy, anchor: nil, size: size)
        case .documentEnd, .other:
            break
        }
    }

    private mutating func push(_ frame: Frame, at place: SourceRange) throws(Stop) {
        if stack.count >= limits.maxDepth {
            throw Stop(diagnostic: YAMLMessages.tooDeep(limits.maxDepth, at: place))
        }
        try count(1, at: place)
        stack.append(frame)
    }

    private mutating func count(_ nodes: Int, at place: SourceRange) throws(Stop) {
        nodeCount += nodes
        if nodeCount > limits.maxNodes {
            throw Stop(diagnostic: YAMLMessages.tooManyNodes(limits.maxNodes, at: place))
        }
    }

    private func checkContainerTag(_ tag: String?, expected: String, at place: SourceRange) throws(Stop) {
        guard let tag, tag != expected else { return }
        throw Stop(diagnostic: YAMLMessages.unsupportedTag(tag, at: place))
    }

    private func makeScalar(_ value: String, tag: String?, style: ScalarStyle, at place: SourceRange) throws(Stop) -> YAMLScalar {
        switch tag {
        case nil:
            let resolved = style == .plain ? CoreSchema.resolve(plain: value) : .string(value)
            return YAMLScalar(text: value, isQuoted: style != .plain, resolved: resolved)
        case "!", "tag:yaml.org,2002:str":
            return YAMLScalar(text: value, isQuoted: true, resolved: .string(value))
        default:
            throw Stop(diagnostic: YAMLMessages.unsupportedTag(tag ?? "", at: place))
        }
    }

    private mutating func complete(_ node: YAMLNode, anchor: String?, size: Int) throws(Stop) {
        if let anchor { anchors[anchor] = (node, size) }
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        stack[top].size += size
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(node)
        case .mapping:
            guard let key = stack[top].key else {
                guard let name = node.scalar?.text else {
                    throw Stop(diagnostic: YAMLMessages.complexKey(at: node.range))
                }
                if let first = stack[top].seen[name] {
                    diagnostics.append(YAMLMessages.duplicateKey(name, at: node.range, first: first))
                } else {
                    stack[top].seen[name] = node.range
                }
                stack[top].key = node
                return
            }
            stack[top].key = nil
            // A repeated key is reported once and its later value dropped, so checks downstream
            // see one value per key (the first, as the error message says).
            if stack[top].seen[key.scalar?.text ?? ""] == key.range {
                stack[top].pairs.append(YAMLPair(key: key, value: node))
            }
        }
    }
}
