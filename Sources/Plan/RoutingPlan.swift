public import Units

/// How traffic reaches the two versions: Istio routing, shadow traffic and circuit breaking.
public struct RoutingPlan: Sendable {
    public enum Mode: String, Sendable {
        /// Stable and canary are two Services.
        case host
        /// One Service, split by DestinationRule subsets.
        case subset
    }

    public struct Mirror: Sendable {
        public var host: String
        public var port: Int?
        /// Percent of requests mirrored now.
        public var percent: Double
        /// Planned mirroring stages, in percent.
        public var growth: [Double]
        /// Nil means every method, writes included.
        public var methods: [String]?
        public var idempotent: Bool

        package init(host: String, port: Int?, percent: Double, growth: [Double], methods: [String]?, idempotent: Bool) {
            self.host = host
            self.port = port
            self.percent = percent
            self.growth = growth
            self.methods = methods
            self.idempotent = idempotent
        }
    }

    public struct ConnectionPool: Sendable {
        public var maxConnections: Int
        public var http1MaxPendingRequests: Int
        public var maxRequestsPerConnection: Int
        public var http2MaxRequests: Int?
        public var connectTimeout: TimeSpan?

        package init(
            maxConnections: Int, http1MaxPendingRequests: Int, maxRequestsPerConnection: Int, http2MaxRequests: Int?,
            connectTimeout: TimeSpan?
        ) {
            self.maxConnections = maxConnections
            self.http1MaxPendingRequests = http1MaxPendingRequests
            self.maxRequestsPerConnection = maxRequestsPerConnection
            self.http2MaxRequests = http2MaxRequests
            self.connectTimeout = connectTimeout
        }
    }

    public struct OutlierDetection: Sendable {
        public var consecutive5xxErrors: Int
        public var interval: TimeSpan
        public var baseEjectionTime: TimeSpan
        public var maxEjectionPercent: Int
        public var minHealthPercent: Int

        package init(
            consecutive5xxErrors: Int, interval: TimeSpan, baseEjectionTime: TimeSpan, maxEjectionPercent: Int, minHealthPercent: Int
        ) {
            self.consecutive5xxErrors = consecutive5xxErrors
            self.interval = interval
            self.baseEjectionTime = baseEjectionTime
            self.maxEjectionPercent = maxEjectionPercent
            self.minHealthPercent = minHealthPercent
        }
    }

    public struct Retries: Sendable {
        public var attempts: Int
        public var perTryTimeout: TimeSpan?
        public var retryOn: String

        package init(attempts: Int, perTryTimeout: TimeSpan?, retryOn: String) {
            self.attempts = attempts
            self.perTryTimeout = perTryTimeout
            self.retryOn = retryOn
        }
    }

    public var mode: Mode
    public var gateways: [String]
    /// The Service port the routes send to, and the container port the generated Services forward to.
    public var port: Int
    public var targetPort: Int
    public var mirror: Mirror?
    public var connectionPool: ConnectionPool
    public var outlierDetection: OutlierDetection
    public var timeout: TimeSpan?
    public var retries: Retries?

    package init(
        mode: Mode, gateways: [String], port: Int, targetPort: Int, mirror: Mirror?, connectionPool: ConnectionPool,
        outlierDetection: OutlierDetection, timeout: TimeSpan?, retries: Retries?
    ) {
        self.mode = mode
        self.gateways = gateways
        self.port = port
        self.targetPort = targetPort
        self.mirror = mirror
        self.connectionPool = connectionPool
        self.outlierDetection = outlierDetection
        self.timeout = timeout
        self.retries = retries
    }
}
