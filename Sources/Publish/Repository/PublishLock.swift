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
        // with pull requests, and a repeated key would let a reviewer see one value and publish
        // read another. Migrations are read straight into their fields, not into a tree first:
        // a lock of 10,000 migrations is tens of MB, a million nodes to build and free.
        var formatText: String?
        var settingsValue: JSONValue?
        var entries: [RawMigration] = []
        do {
            var reader = JSONReader(bytes)
            guard reader.atObject else {
                _ = try reader.readValue()
                try reader.finish()
                throw broken("not a JSON object")
            }
            try reader.readObject { reader, key throws(JSONParseError) in
                switch key {
                case "format": formatText = try reader.readStringIfString()
                case "settings": settingsValue = try reader.readValue()
                case "migrations" where reader.atObject:
                    try reader.readObject { reader, name throws(JSONParseError) in entries.append(try RawMigration(name, &reader)) }
                default: _ = try reader.readValue()
                }
            }
            try reader.finish()
        } catch let error as PublishError {
            throw error
        } catch {
            throw broken("not JSON: \(error)")
        }
        guard formatText == format else { throw broken("its format is not \(format)") }
        guard let settings = settingsValue, let layout = settings["layout"]?.stringValue,
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
        var migrations: [String: Migration] = [:]
        migrations.reserveCapacity(entries.count)
        let checked = Parallel.map(entries) { entry in
            Result { () throws(PublishError) in try entry.checked(layout: layoutRule, named: layout) }
        }
        for (entry, result) in zip(entries, checked) { migrations[entry.name] = try result.get() }
        let folders = migrations.map { ($0.key, $0.value.folder) }.sorted { $0.1 < $1.1 }
        for (outer, inner) in zip(folders, folders.dropFirst()) where inner.1 == outer.1 || inner.1.hasPrefix(outer.1 + "/") {
            throw broken("the folders of migrations \(outer.0) and \(inner.0) overlap")
        }
        return PublishLock(settings: Settings(layout: layout, application: application, generator: generator), migrations: migrations)
    }

    /// One migration's entry as the file has it, each field nil when missing or not of its type.
    private struct RawMigration: Sendable {
        var name: String
        var spec: String?
        var specSHA256: String?
        var folder: String?
        var files: [String: String]?
        /// Absent: none recorded (an older lock). Present but not all strings: damaged.
        var objects: [String: String]??

        init(_ name: String, _ reader: inout JSONReader) throws(JSONParseError) {
            self.name = name
            guard reader.atObject else {
                _ = try reader.readValue()
                return
            }
            var entry = self
            try reader.readObject { reader, key throws(JSONParseError) in
                switch key {
                case "spec": entry.spec = try reader.readStringIfString()
                case "specSHA256": entry.specSHA256 = try reader.readStringIfString()
                case "folder": entry.folder = try reader.readStringIfString()
                case "files": entry.files = try reader.readStringMembersIfStrings()
                case "objects": entry.objects = .some(try reader.readStringMembersIfStrings())
                default: _ = try reader.readValue()
                }
            }
            self = entry
        }

        /// The first of `texts`, in sorted order (so a message names the same one every run),
        /// that breaks `rule`; nil when none does. Nearly always none does, found without sorting.
        private func firstBreaking(_ texts: some Collection<String>, _ rule: (String) -> Bool) -> String? {
            guard !texts.allSatisfy(rule) else { return nil }
            return texts.sorted().first { !rule($0) }
        }

        /// The entry, checked: safe relative paths, its folder where the layout puts it, its
        /// files inside that folder, object ids only for its files and shaped like ids. The
        /// checks pass nearly always, so none of them sorts unless it fails.
        func checked(layout: Layout, named layoutText: String) throws(PublishError) -> Migration {
            let broken = { (why: String) in PublishError.damagedLock(path: PublishLock.path, why: why) }
            guard let spec, let specSHA256, let folder, let files else { throw broken("migration \(name) is incomplete") }
            if let unsafe = firstBreaking([folder] + files.keys, Layout.isSafeRelativePath) {
                throw broken("'\(unsafe)' is not a safe relative path")
            }
            guard layout.matches(folder: folder, name: name) else {
                throw broken("migration \(name) records the folder '\(folder)', which the layout '\(layoutText)' does not give it")
            }
            let inside = folder + "/"
            if let stray = firstBreaking(files.keys, { $0.hasPrefix(inside) }) {
                throw broken("migration \(name) lists '\(stray)', outside its folder '\(folder)'")
            }
            // Ids of other paths than the files, or not ids at all, are a damaged lock too.
            var recorded: [String: String] = [:]
            if let objects {
                guard let strings = objects else { throw broken("migration \(name) has objects that are not strings") }
                recorded = strings
            }
            if let stray = firstBreaking(recorded.keys, { files[$0] != nil }) {
                throw broken("migration \(name) names an object for '\(stray)', which is not one of its files")
            }
            let isObjectID = { (id: String) in
                (id.utf8.count == 40 || id.utf8.count == 64)
                    && id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            }
            if let bad = firstBreaking(recorded.values, isObjectID) {
                throw broken("migration \(name) has '\(bad)', which is not a git object id")
            }
            return Migration(spec: spec, specSHA256: specSHA256, folder: folder, files: files, objects: recorded)
        }
    }
}
