import Foundation
import TestSupport
import Testing

/// A throwaway Prometheus from Debian's `prometheus` package: TSDB blocks written by
/// `promtool tsdb create-blocks-from openmetrics` in a temporary folder, served on 127.0.0.1
/// only, killed (and the folder deleted) by `stop()`, which the tests call in a `defer`.
final class PrometheusServer {
    let folder: URL
    private(set) var address = ""
    private var process: Process?

    static func require(_ tool: String) throws -> String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/" + tool) {
            return folder + "/" + tool
        }
        throw HarnessError("\(tool) is missing; run scripts/setup-tests.sh (apt-get install prometheus)")
    }

    /// Writes the series into blocks and starts a server over them.
    init(openMetrics: String) throws {
        let promtool = try Self.require("promtool")
        let prometheus = try Self.require("prometheus")
        folder = try temporaryDirectory("prometheus")
        let input = folder.appendingPathComponent("series.om")
        try Data(openMetrics.utf8).write(to: input)
        let data = folder.appendingPathComponent("data").path
        let blocks = try timedRun(promtool, ["tsdb", "create-blocks-from", "openmetrics", input.path, data])
        guard blocks.status == 0 else {
            throw HarnessError("promtool could not write blocks (\(blocks.status)): \(blocks.errors.suffix(2000))")
        }
        let config = folder.appendingPathComponent("prometheus.yml")
        try Data("global:\n  scrape_interval: 15s\n".utf8).write(to: config)
        var lastLog = ""
        for _ in 0..<5 {
            let port = try Self.freePort()
            let log = folder.appendingPathComponent("server-\(port).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: prometheus)
            child.arguments = [
                "--config.file=" + config.path, "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ]
            child.standardOutput = handle
            child.standardError = handle
            try child.run()
            Thread.sleep(forTimeInterval: 0.5)
            if child.isRunning {
                process = child
                address = "http://127.0.0.1:\(port)"
                return
            }
            lastLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        }
        throw HarnessError("prometheus did not start: \(lastLog.suffix(2000))")
    }

    func stop() {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        process = nil
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }

    /// A port the kernel says is free now (the server binds it a moment later).
    static func freePort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw HarnessError("socket(): \(errno)") }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) }
        }
        guard bound == 0 else { throw HarnessError("bind(): \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        guard named == 0 else { throw HarnessError("getsockname(): \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The Argo Rollouts analysis judge (`ArgoAnalysis/`, Go), built once from Debian's Go
/// packages in GOPATH mode: no module download, nothing fetched.
enum ArgoAnalysisTool {
    static let sources = packageRoot + "/Tests/GlidepathCoreTests/ArgoAnalysis"
    static let gopath = "/usr/share/gocode"

    static func build(into folder: URL) throws -> String {
        let go = try PrometheusServer.require("go")
        for package in ["github.com/antonmedv/expr", "gopkg.in/yaml.v3"]
        where !FileManager.default.fileExists(atPath: gopath + "/src/" + package) {
            throw HarnessError(
                "\(gopath)/src/\(package) is missing; run scripts/setup-tests.sh (golang-github-antonmedv-expr-dev, golang-gopkg-yaml.v3-dev)"
            )
        }
        let binary = folder.appendingPathComponent("argo-analysis").path
        let cache = folder.appendingPathComponent("go-cache").path
        let result = try run(
            go, ["build", "-o", binary, "."], directory: sources,
            environment: [
                "GO111MODULE": "off", "GOPATH": gopath, "GOCACHE": cache, "GOFLAGS": "", "CGO_ENABLED": "0",
            ])
        guard result.status == 0 else { throw HarnessError("go build of the Argo analysis judge failed: \(result.errors)") }
        return binary
    }
}
