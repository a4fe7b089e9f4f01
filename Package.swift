// swift-tools-version: 6.0
import PackageDescription

// The pipeline, one target per stage: load (YAML, Spec) -> check (Check, which alone makes the
// checked plan; PostgresSyntax parses the SQL a spec carries) -> plan (Plan: the checked plan's
// values) -> render (Render: manifests, SQL, runbook, site, Application; it never sees the raw
// spec) -> publish (Publish). Units (time, percent) and Files (the file-system seam, Artifact)
// sit below them all; GlidepathCore wires the stages; glidepath is the command line.
// docs/architecture.md draws the graph.
let package = Package(
    name: "glidepath",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "glidepath", targets: ["glidepath"]),
        .library(name: "GlidepathCore", targets: ["GlidepathCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, wrapped once at the edge.
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CCmark", pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]),
        // libpg_query ships no pkg-config file: the module map links pg_query directly.
        .systemLibrary(name: "CPgQuery", providers: [.apt(["libpg-query-dev"])]),

        .target(name: "JSON"),
        .target(name: "Diagnostics", dependencies: ["JSON"]),
        .target(name: "Units"),
        .target(name: "Files"),
        .target(name: "YAML", dependencies: ["CYAML", "Diagnostics"]),
        .target(name: "Markdown", dependencies: ["CCmark"]),
        .target(name: "PostgresSyntax", dependencies: ["CPgQuery", "JSON"]),
        // SHA-256 with the processor's SHA extensions where it has them (Digest falls back to Swift).
        .target(name: "CSHA256"),
        .target(name: "Digest", dependencies: ["CSHA256"]),
        .target(name: "ParallelWork"),
        .target(name: "Spec", dependencies: ["Diagnostics", "JSON", "YAML", "Units"]),
        .target(name: "Plan", dependencies: ["Units"]),
        .target(name: "Check", dependencies: ["Diagnostics", "JSON", "Spec", "Plan", "Units", "PostgresSyntax"]),
        .target(
            name: "Render",
            dependencies: [
                "Plan", "Units", "Files", "JSON", "YAML", "Markdown", "Digest",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedTemplates"]),
        .target(name: "Publish", dependencies: ["Files", "JSON", "Plan", "Diagnostics", "Digest", "Units", "ParallelWork"]),
        .target(
            name: "GlidepathCore",
            dependencies: [
                "Diagnostics", "JSON", "Units", "Files", "YAML", "Spec", "Plan", "Check", "Render", "Publish", "Digest", "ParallelWork",
            ]),
        .executableTarget(
            name: "glidepath",
            dependencies: [
                "GlidepathCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // The default templates travel inside the binary: templates/ is embedded at build time.
        .executableTarget(name: "embed-templates", path: "Plugins/EmbedTemplatesTool"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["embed-templates"]),

        // Helpers every test target shares: the checkout's root, goldens with a line diff.
        .target(name: "TestSupport", dependencies: ["GlidepathCore", "Plan", "Spec", "Diagnostics", "Digest"], path: "Tests/TestSupport"),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "PublishTests", dependencies: ["Publish", "Files", "Plan", "Digest", "GlidepathCore", "Render", "TestSupport"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "Diagnostics"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "PostgresSyntaxTests", dependencies: ["PostgresSyntax", "JSON", "TestSupport"]),
        .testTarget(name: "SpecTests", dependencies: ["Spec", "YAML", "Diagnostics", "Units", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CheckTests", dependencies: ["GlidepathCore", "Check", "Spec", "Plan", "Diagnostics", "TestSupport"]),
        .testTarget(
            name: "RenderTests",
            dependencies: [
                "GlidepathCore", "Render", "Plan", "Units", "Files", "PostgresSyntax", "YAML", "Diagnostics", "Digest", "TestSupport",
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "GlidepathCoreTests",
            dependencies: [
                "GlidepathCore", "Publish", "Render", "Plan", "Units", "Files", "Digest", "Spec", "YAML", "Diagnostics", "TestSupport",
            ],
            exclude: [
                "Fixtures", "Browser", "ArgoAnalysis", "Flags/flagd_judge.py", "Flags/record_requests.py", "Legacy/echo_backend.py",
                "Rehearsal/staging_server.py",
            ]),
    ]
)

// A bare `import` is internal: a target's public interface names only what it imports with
// `public import`, so the import rules of docs/architecture.md are the compiler's.
for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("InternalImportsByDefault")]
}

// The libFuzzer target (scripts/fuzz.sh): only in a build that asks for it. Everything is
// compiled with AddressSanitizer and coverage instrumentation (-Xswiftc flags of the script);
// only this executable links libFuzzer (without its main: the target's own entry point hands
// control to LLVMFuzzerRunDriver).
if Context.environment["GLIDEPATH_FUZZ"] == "1" {
    let libFuzzer = Context.environment["GLIDEPATH_LIBFUZZER"] ?? "libclang_rt.fuzzer_no_main-x86_64.a"
    package.targets.append(
        .executableTarget(
            name: "glidepath-fuzz", dependencies: ["GlidepathCore"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])],
            linkerSettings: [.unsafeFlags(["-Xlinker", libFuzzer, "-lstdc++"])]))
}
