import Foundation
import TestSupport

/// Synthetic Prometheus series for the gate tests: counters that rise at a constant rate and
/// gauges that hold a value, sampled every `step` seconds over a window, written as the
/// OpenMetrics text `promtool tsdb create-blocks-from openmetrics` turns into TSDB blocks.
struct SyntheticSeries: Hashable {
    enum Shape: Hashable {
        /// A counter increasing by this much per second (0: present but idle).
        case counter(perSecond: Double)
        /// A gauge holding this value.
        case gauge(Double)
    }

    var name: String
    /// Label pairs, written in this order.
    var labels: [Label]
    var shape: Shape

    struct Label: Hashable {
        var name: String
        var value: String
    }

    var identity: String {
        name + "{" + labels.map { "\($0.name)=\"\(Self.escape($0.value))\"" }.joined(separator: ",") + "}"
    }

    func value(secondsSinceStart seconds: Int) -> Double {
        switch shape {
        case .counter(let perSecond): perSecond * Double(seconds)
        case .gauge(let value): value
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Histogram buckets (seconds) of the synthetic latency series: Prometheus client defaults.
enum LatencyBuckets {
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// The series of a histogram where every request falls into the bucket holding `latency`:
    /// histogram_quantile(q) then interpolates to lower + (upper - lower) * q of that bucket.
    static func series(_ metric: String, labels: [SyntheticSeries.Label], requestsPerSecond: Double, latency: Double) -> [SyntheticSeries] {
        var series = bounds.map { bound in
            SyntheticSeries(
                name: metric, labels: labels + [.init(name: "le", value: PlainNumber.text(bound))],
                shape: .counter(perSecond: latency <= bound ? requestsPerSecond : 0))
        }
        series.append(
            SyntheticSeries(
                name: metric, labels: labels + [.init(name: "le", value: "+Inf")],
                shape: .counter(perSecond: requestsPerSecond)))
        return series
    }

    /// A latency whose bucket starts at or above `value`, so every quantile is at least `value`.
    static func atLeast(_ value: Double) -> Double {
        let lower = bounds.first { $0 >= value } ?? bounds[bounds.count - 1]
        let upper = bounds.first { $0 > lower } ?? lower * 2
        return (lower + upper) / 2
    }

    /// A latency whose bucket ends at or below `value`, so every quantile is at most `value`.
    static func atMost(_ value: Double) -> Double {
        let upper = bounds.last { $0 <= value } ?? bounds[0]
        let lower = bounds.last { $0 < upper } ?? 0
        return (lower + upper) / 2
    }
}

/// Series of several scenarios, each in its own time window, as one OpenMetrics document.
struct OpenMetricsDocument {
    /// Seconds between samples, and how long each scenario's series last.
    static let step = 15
    static let window = 3600

    private var samples: [String: (series: SyntheticSeries, points: [(Int, Double)])] = [:]

    mutating func add(_ series: [SyntheticSeries], startingAt start: Int) {
        for one in series {
            var entry = samples[one.identity] ?? (one, [])
            for offset in stride(from: 0, through: Self.window, by: Self.step) {
                entry.points.append((start + offset, one.value(secondsSinceStart: offset)))
            }
            samples[one.identity] = entry
        }
    }

    /// Samples grouped by metric family, then by series, each in time order, as the parser needs.
    var text: String {
        var out = ""
        for identity in samples.keys.sorted() {
            guard let entry = samples[identity] else { continue }
            for (time, value) in entry.points.sorted(by: { $0.0 < $1.0 }) {
                out += "\(identity) \(PlainNumber.text(value)) \(time)\n"
            }
        }
        return out + "# EOF\n"
    }
}

enum PlainNumber {
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
