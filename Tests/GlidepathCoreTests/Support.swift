import Foundation
import GlidepathCore
import TestSupport
import Testing

/// `../shared/tools` beside the repository, as in CI.
let sharedTools = URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/tools").path

struct Run {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs a program with an argument array (never a shell string) and collects its output.
func run(_ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    // Output goes to files, so a chatty child can never block on a full pipe.
    let directory = try temporaryDirectory("run")
    defer { try? FileManager.default.removeItem(at: directory) }
    let outURL = directory.appendingPathComponent("out")
    let errURL = directory.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let outputData = try Data(contentsOf: outURL)
    let errorData = try Data(contentsOf: errURL)
    return Run(
        status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
        errors: String(decoding: errorData, as: UTF8.self))
}

/// The built `glidepath` executable, next to the test bundle in the build folder.
func glidepathBinary() throws -> String {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = directory.appendingPathComponent("glidepath").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory.deleteLastPathComponent()
    }
    let fallback = packageRoot + "/.build/debug/glidepath"
    try #require(FileManager.default.isExecutableFile(atPath: fallback), "build the glidepath executable first (swift build)")
    return fallback
}

func temporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("glidepath-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
