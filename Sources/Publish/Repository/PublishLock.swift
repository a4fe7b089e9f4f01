import Diagnostics
import JSON
import ParallelWork
public import Plan

/// `.glidepath/lock.json`: what glidepath wrote into the repository, so it can tell its own
/// untouched files (safe to replace or remove) from hand edits and from files it never wrote.
/// Keys are sorted and every file is one line, so the lock reads well in a diff.
public struct PublishLock: Sendable, Equatable {
    public static let path = ".glidepath/lock.json"
    static let format = "glidepath.dev/lock/v1"

    public var settings: Settings
    public var migrations: [String: Migration]

    /// Repository-wide choices, recorded by the first publish so later publishes and drift
    /// checks need no flags to render the same files.
    public struct Settings: Sendable, Equatable {
        public var layout: String
        /// Nil: no Argo CD Application is generated.
        public var application: ArgoApplicationSettings?
        /// The glidepath that rendered the files (`glidepath 0.1.0`). While it and the other
        /// settings stay the same, a spec whose SHA-256 is unchanged gives the same files, so
        /// publish need not render it again.
        public var generator: String

        public init(layout: String, application: ArgoApplicationSettings?, generator: String) {
            self.layout = layout
            self.application = application
            self.generator = generator
        }
    }

    public struct Migration: Sendable, Equatable {
        /// The spec's path, relative to the repository when it lives there.
        public var spec: String
        public var specSHA256: String
        public var folder: String
        /// Repository path -> SHA-256 of the content glidepath wrote there.
        public var files: [String: String]
        /// Repository path -> git's id of that content, which `git ls-tree` lists without
        /// reading a blob: how an unchanged publish sees that the files are intact. Empty in
        /// locks written before it was recorded; then the files are read and hashed.
        public var objects: [String: String]

        public init(spec: String, specSHA256: String, folder: String, files: [String: String], objects: [String: String] = [:]) {
            self.spec = spec
            self.specSHA256 = specSHA256
            self.folder = folder
            self.files = files
            self.objects = objects
        }
    }

    public init(settings: Settings, migrations: [String: Migration] = [:]) {
        self.settings = settings
        self.migrations = migrations
    }

    /// The migration that wrote a repository path, if any.
    func owner(of path: String) -> String? {
        migrations.first { $0.value.files[path] != nil }?.key
    }

    // MARK: Text

    public var serialized: String {
        var settingsMembers: [(String, JSONValue)] = [("generator", .string(settings.generator)), ("layout", .string(settings.layout))]
        if let application = settings.application {
            settingsMembers.append(
                (
                    "argocd",
                    .object([
                        ("automatedSync", .bool(application.automatedSync)),
                        ("destinationServer", .string(application.destinationServer)),
                        ("namespace", .string(application.namespace)),
                        ("project", .string(application.project)),
                        ("repoURL", .string(application.repoURL)),
                        ("targetRevision", .string(application.targetRevision)),
                    ])
                ))
        }
        let migrationMembers = migrations.keys.sorted().map { name -> (String, JSONValue) in
            let migration = migrations[name]!
            return (
                name,
                .object([
                    ("files", .object(migration.files.keys.sorted().map { ($0, .string(migration.files[$0]!)) })),
                    ("folder", .string(migration.folder)),
                    ("objects", .object(migration.objects.keys.sorted().map { ($0, .string(migration.objects[$0]!)) })),
                    ("spec", .string(migration.spec)),
                    ("specSHA256", .string(migration.specSHA256)),
                ])
            )
        }
        return JSONValue.object([
            ("format", .string(Self.format)),
            ("migrations", .object(migrationMembers)),
            ("settings", .object(settingsMembers)),
        ]).serialized(pretty: true)
    }

    public static func parse(_ bytes: [UInt8]) throws(PublishError) -> PublishLock {
        let broken = { (why: String) in
            PublishError.damagedLock(path: path, why: why)
        }
        // Parsed strictly (no repeated keys, bounded nesting, UTF-8 checked): the lock arrives
        // with pull requests, and a repeated key would let a reviewer see one value and publish read another.
        let root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch { throw broken("not JSON: \(error)") }
        guard root.objectMembers != nil else { throw broken("not a JSON object") }
        guard root["format"]?.stringValue == format else { throw broken("its format is not \(format)") }
        guard let settings = root["settings"], let layout = settings["layout"]?.stringValue,
            let generator = settings["generator"]?.stringValue
        else {
            throw broken("settings.layout or settings.generator is missing")
        }
        var application: ArgoApplicationSettings?
        if let argocd = settings["argocd"], argocd.objectMembers != nil {
            guard let repoURL = argocd["repoURL"]?.stringValue, let revision = argocd["targetRevision"]?.stringValue,
                let project = argocd["project"]?.stringValue, let namespace = argocd["namespace"]?.stringValue,
                let server = argocd["destinationServer"]?.stringValue, let automated = argocd["automatedSync"]?.boolValue
            else { throw broken("settings.argocd is incomplete") }
            application = ArgoApplicationSettings(
                repoURL: repoURL, targetRevision: revision, project: project, namespace: namespace,
                destinationServer: server, automatedSync: automated)
        }
        // The lock arrives with pull requests like any other file: its paths decide what publish
        // removes, so each must lie inside its own migration's folder under the layout.
        let layoutRule: Layout
        do { layoutRule = try Layout(layout) } catch { throw broken("settings.layout: \(error)") }
        // Each migration is checked on its own, on every core (a lock of 10,000 migrations is
        // tens of MB); the first damage in the file's order is the one reported.
        let members = root["migrations"]?.objectMembers ?? []
        var migrations: [String: Migration] = [:]
        migrations.reserveCapacity(members.count)
        for (index, result) in Parallel.map(members.indices.map { $0 }, { index in
            Result { () throws(PublishError) in try migration(members[index].0, members[index].1, layout: layoutRule, named: layout) }
        }).enumerated() {
            migrations[members[index].0] = try result.get()
        }
        let folders = migrations.map { ($0.key, $0.value.folder) }.sorted { $0.1 < $1.1 }
        for (outer, inner) in zip(folders, folders.dropFirst()) where inner.1 == outer.1 || inner.1.hasPrefix(outer.1 + "/") {
            throw broken("the folders of migrations \(outer.0) and \(inner.0) overlap")
        }
        return PublishLock(settings: Settings(layout: layout, application: application, generator: generator), migrations: migrations)
    }

    /// One migration's entry, checked: safe relative paths, its folder where the layout puts
    /// it, its files inside that folder, object ids only for its files and shaped like ids.
    /// The checks pass nearly always; only a failing one sorts, to name the first culprit.
    private static func migration(_ name: String, _ value: JSONValue, layout: Layout, named layoutText: String) throws(PublishError)
        -> Migration
    {
        let broken = { (why: String) in PublishError.damagedLock(path: path, why: why) }
        guard let spec = value["spec"]?.stringValue, let digest = value["specSHA256"]?.stringValue,
            let folder = value["folder"]?.stringValue, let files = Self.strings(value["files"])
        else { throw broken("migration \(name) is incomplete") }
        if !Layout.isSafeRelativePath(folder) || !files.keys.allSatisfy(Layout.isSafeRelativePath) {
            let unsafe = ([folder] + Array(files.keys)).sorted().first { !Layout.isSafeRelativePath($0) } ?? folder
            throw broken("'\(unsafe)' is not a safe relative path")
        }
        guard layout.matches(folder: folder, name: name) else {
            throw broken("migration \(name) records the folder '\(folder)', which the layout '\(layoutText)' does not give it")
        }
        let inside = folder + "/"
        if !files.keys.allSatisfy({ $0.hasPrefix(inside) }) {
            let stray = files.keys.sorted().first { !$0.hasPrefix(inside) } ?? folder
            throw broken("migration \(name) lists '\(stray)', outside its folder '\(folder)'")
        }
        // Ids of other paths than the files, or not ids at all, are a damaged lock too.
        var objects: [String: String] = [:]
        if let recorded = value["objects"] {
            guard let strings = Self.strings(recorded) else { throw broken("migration \(name) has objects that are not strings") }
            objects = strings
        }
        if !objects.keys.allSatisfy({ files[$0] != nil }) {
            let stray = objects.keys.sorted().first { files[$0] == nil } ?? folder
            throw broken("migration \(name) names an object for '\(stray)', which is not one of its files")
        }
        let isObjectID = { (id: String) in
            (id.utf8.count == 40 || id.utf8.count == 64) && id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        }
        if !objects.values.allSatisfy(isObjectID) {
            let bad = objects.values.sorted().first { !isObjectID($0) } ?? ""
            throw broken("migration \(name) has '\(bad)', which is not a git object id")
        }
        return Migration(spec: spec, specSHA256: digest, folder: folder, files: files, objects: objects)
    }

    /// An object whose every value is a string, as a dictionary; nil for anything else.
    private static func strings(_ value: JSONValue?) -> [String: String]? {
        guard let members = value?.objectMembers else { return nil }
        var strings: [String: String] = [:]
        strings.reserveCapacity(members.count)
        for (key, member) in members {
            guard let text = member.stringValue else { return nil }
            strings[key] = text
        }
        return strings
    }
}
