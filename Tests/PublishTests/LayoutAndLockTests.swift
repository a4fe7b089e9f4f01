import Files
import Plan
import TestSupport
import Testing

@testable import Publish

@Suite struct LayoutTests {
    @Test func expandsPlaceholders() throws {
        let layout = try Layout("clusters/{namespace}/{service}/{name}")
        #expect(try layout.folder(service: "orders", name: "orders-v2", namespace: "prod") == "clusters/prod/orders/orders-v2")
    }

    @Test(arguments: [
        "/abs/{name}", "apps/../{name}", "apps/{service}", "apps/.hidden/{name}", "apps/{nme}", "apps//{name}", "apps/{name} x",
    ])
    func rejectsUnsafeOrAmbiguousTemplates(_ template: String) {
        #expect(throws: PublishError.self) { try Layout(template) }
    }
}

@Suite struct SafeRelativePathTests {
    @Test(arguments: [
        ("apps/orders/migrations/m/runbook.html", true), ("a", true), ("a.b/c-d_e/F9", true), ("", false), ("/abs", false),
        ("a//b", false), ("a/", false), (".git/config", false), ("a/.hidden", false), ("a/../b", false), ("a b", false),
        ("a\\b", false), ("ä", false), ("a/b.", true), ("-", true),
    ])
    func decides(path: String, safe: Bool) {
        #expect(Layout.isSafeRelativePath(path) == safe, "\(path)")
    }
}

@Suite struct PublishLockTests {
    static let lock = PublishLock(
        settings: .init(
            layout: Layout.standard,
            application: ArgoApplicationSettings(repoURL: "https://git.example/gitops.git", targetRevision: "main"),
            generator: "glidepath 0.0.0"),
        migrations: [
            "b": .init(
                spec: "specs/b.yaml", specSHA256: "22", folder: "apps/s/migrations/b",
                files: ["apps/s/migrations/b/z": "1", "apps/s/migrations/b/a": "2"],
                objects: [
                    "apps/s/migrations/b/z": String(repeating: "a", count: 40), "apps/s/migrations/b/a": String(repeating: "0", count: 64),
                ]),
            "a": .init(spec: "specs/a.yaml", specSHA256: "11", folder: "apps/s/migrations/a", files: ["apps/s/migrations/a/x": "3"]),
        ])

    @Test func roundTripsAndIsSortedOneFilePerLine() throws {
        let text = Self.lock.serialized
        #expect(try PublishLock.parse(Array(text.utf8)) == Self.lock)
        #expect(text.range(of: "\"a\"")!.lowerBound < text.range(of: "\"b\"")!.lowerBound)
        #expect(text.range(of: "migrations/b/a")!.lowerBound < text.range(of: "migrations/b/z")!.lowerBound)
        #expect(text.contains("\n        \"apps/s/migrations/b/a\": \"2\",\n"))
        #expect(text.hasSuffix("}\n"))
    }

    @Test func refusesDamagedOrUnsafeLocks() {
        let unsafe = Self.lock.serialized.replacingOccurrences(of: "apps/s/migrations/a/x", with: "../../etc/passwd")
        let strayObject = Self.lock.serialized.replacingOccurrences(
            of: "\"apps/s/migrations/b/z\": \"aaaa", with: "\"apps/s/migrations/b/q\": \"aaaa")
        let notAnID = Self.lock.serialized.replacingOccurrences(of: String(repeating: "a", count: 40), with: "HEAD~1")
        #expect(strayObject != Self.lock.serialized && notAnID != Self.lock.serialized)
        let repeatedKey = Self.lock.serialized.replacingOccurrences(
            of: "\"folder\": \"apps/s/migrations/a\"", with: "\"folder\": \"apps/s/migrations/a\", \"folder\": \"x\"")
        #expect(repeatedKey != Self.lock.serialized)
        let outside = Self.lock.serialized.replacingOccurrences(of: "apps/s/migrations/a/x", with: "apps/s/migrations/b/x")
        let misplaced = Self.lock.serialized.replacingOccurrences(
            of: "\"folder\": \"apps/s/migrations/a\"", with: "\"folder\": \"apps/s/runbooks/a\"")
        // Each damage is named for what it is, and the culprit quoted.
        let cases: [(String, String)] = [
            ("{", "not JSON"), ("[]", "not a JSON object"), ("{\"format\":\"other\"}", "its format is not"),
            (unsafe, "'../../etc/passwd' is not a safe relative path"),
            (strayObject, "names an object for 'apps/s/migrations/b/q'"), (notAnID, "'HEAD~1', which is not a git object id"),
            (repeatedKey, "not JSON"), (outside, "lists 'apps/s/migrations/b/x', outside its folder 'apps/s/migrations/a'"),
            (misplaced, "records the folder 'apps/s/runbooks/a'"),
            (Self.lock.serialized.replacingOccurrences(of: "\"spec\": \"specs/a.yaml\"", with: "\"spec\": 7"), "migration a is incomplete"),
            (
                Self.lock.serialized.replacingOccurrences(
                    of: "\"apps/s/migrations/b/z\": \"aaaa", with: "\"apps/s/migrations/b/z\": [\"aaaa\"], \"x\": \"a"),
                "migration b has objects that are not strings"
            ),
        ]
        for (text, reason) in cases {
            do {
                _ = try PublishLock.parse(Array(text.utf8))
                Issue.record("accepted: \(reason)")
            } catch {
                #expect(error.description.contains(reason), "\(error.description)")
            }
        }
    }

    /// The lock comes with pull requests: a terminal escape in it is shown, not obeyed.
    @Test func aDamagedLockIsReportedWithoutItsControlCharacters() throws {
        let hostile = Self.lock.serialized.replacingOccurrences(of: "apps/s/migrations/a/x", with: "../\\u001b[2J")
        do {
            _ = try PublishLock.parse(Array(hostile.utf8))
            Issue.record("a lock with an unsafe path was read")
        } catch {
            let message = "\(error)"
            #expect(!message.unicodeScalars.contains { $0.value == 0x1B })
            #expect(message.contains("\\u{1B}[2J"))
        }
    }
}
