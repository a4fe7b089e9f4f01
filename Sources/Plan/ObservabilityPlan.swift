public import Units

/// What watches the migration besides the gates: alerts on its KPIs (a PrometheusRule) and one
/// dashboard, both built from the same metrics, selectors and bounds as the analysis.
public struct ObservabilityPlan: Sendable {
    /// One alert: a KPI of the canary or of the whole service breaking its bound for long enough.
    public struct Alert: Sendable {
        public enum Scope: String, Sendable {
            case canary, service
        }

        /// When the value breaks the bound.
        public enum Breach: Sendable, Equatable {
            case above(Double)
            case atOrAbove(Double)
            case below(Double)
            case atOrBelow(Double)
        }

        /// The alert's name (`GlidepathCanary5xxRate`); the migration and service are labels.
        public var name: String
        public var scope: Scope
        public var metric: AnalysisMetric
        public var breach: Breach
        /// The SLO's duration: how long the breach lasts before the alert fires.
        public var duration: TimeSpan

        package init(name: String, scope: Scope, metric: AnalysisMetric, breach: Breach, duration: TimeSpan) {
            self.name = name
            self.scope = scope
            self.metric = metric
            self.breach = breach
            self.duration = duration
        }
    }

    /// A KPI that gets no alert, and why.
    public enum Omission: Sendable, Equatable {
        /// The canary is told apart by pod template hash, which changes with every rollout: a
        /// standing rule cannot select it.
        case canaryHasNoFixedLabel(metric: String)
        /// The spec's condition is not one comparison of the result with a number.
        case conditionNotAComparison(metric: String)
    }

    public struct Alerts: Sendable {
        /// The PrometheusRule's name and its one rule group's.
        public var ruleName: String
        public var group: String
        public var alerts: [Alert]
        public var omitted: [Omission]
        /// Every alert's labels, sorted: severity, migration, service, team, then the spec's.
        public var labels: [(key: String, value: String)]
        /// The PrometheusRule object's own labels (the operator's ruleSelector).
        public var ruleLabels: [(key: String, value: String)]

        package init(
            ruleName: String, group: String, alerts: [Alert], omitted: [Omission], labels: [(key: String, value: String)],
            ruleLabels: [(key: String, value: String)]
        ) {
            self.ruleName = ruleName
            self.group = group
            self.alerts = alerts
            self.omitted = omitted
            self.labels = labels
            self.ruleLabels = ruleLabels
        }
    }

    public struct Dashboard: Sendable {
        /// Stable across runs and renames of nothing but the migration: Grafana keys dashboards by it.
        public var uid: String
        public var title: String
        public var configMapName: String
        /// The ConfigMap's labels: what the Grafana sidecar discovers dashboards by.
        public var configMapLabels: [(key: String, value: String)]
        /// The dashboard in Grafana, when the spec gives Grafana's base URL.
        public var url: String?

        package init(uid: String, title: String, configMapName: String, configMapLabels: [(key: String, value: String)], url: String?) {
            self.uid = uid
            self.title = title
            self.configMapName = configMapName
            self.configMapLabels = configMapLabels
            self.url = url
        }
    }

    public var alerts: Alerts?
    public var dashboard: Dashboard?
    /// The runbook's rollback section on the served site, when the spec gives the site's base URL.
    public var runbookURL: String?

    package init(alerts: Alerts?, dashboard: Dashboard?, runbookURL: String?) {
        self.alerts = alerts
        self.dashboard = dashboard
        self.runbookURL = runbookURL
    }
}
