package main

// The life of one AnalysisRun, as the Argo Rollouts controller drives it. This mirrors
// analysis/analysis.go (generateMetricTasks, runMeasurements, assessRunStatus,
// assessMetricStatus, assessMetricFailureInconclusiveOrError) and utils/analysis/helpers.go
// (IsTerminating, the worst-phase order), with measurements taken at simulated instants.

import (
	"time"
)

const (
	phasePending      = "Pending"
	phaseRunning      = "Running"
	phaseSuccessful   = "Successful"
	phaseFailed       = "Failed"
	phaseError        = "Error"
	phaseInconclusive = "Inconclusive"

	// defaultConsecutiveErrorLimit is Argo Rollouts' default (utils/defaults).
	defaultConsecutiveErrorLimit = 4
	// defaultErrorRetryInterval is how soon a measurement that errored is taken again.
	defaultErrorRetryInterval = 10 * time.Second
)

// worstOrder lists completed phases from best to worst.
var worstOrder = []string{phaseSuccessful, phaseRunning, phasePending, phaseInconclusive, phaseError, phaseFailed}

func isWorse(current, next string) bool {
	rank := func(phase string) int {
		for i, candidate := range worstOrder {
			if candidate == phase {
				return i
			}
		}
		return 0
	}
	return rank(next) > rank(current)
}

func completed(phase string) bool {
	switch phase {
	case phaseSuccessful, phaseFailed, phaseError, phaseInconclusive:
		return true
	}
	return false
}

// metric is one resolved AnalysisTemplate metric.
type metric struct {
	Name                  string
	Interval              time.Duration
	Count                 int   // 0: runs until the run ends
	FailureLimit          int32 // Argo's default is 0
	InconclusiveLimit     int32
	ConsecutiveErrorLimit int32
	SuccessCondition      string
	FailureCondition      string
	Query                 string
}

type measurement struct {
	At      int64  `json:"at"`
	Value   string `json:"value"`
	Phase   string `json:"phase"`
	Message string `json:"message,omitempty"`
}

type metricResult struct {
	Name             string        `json:"name"`
	Phase            string        `json:"phase"`
	Measurements     []measurement `json:"measurements"`
	count            int32
	failed           int32
	inconclusive     int32
	errors           int32
	consecutiveError int32
	next             time.Time
}

// measure takes one measurement of a metric at an instant.
type measure func(m metric, at time.Time) measurement

// simulateRun runs an AnalysisRun from `start` until it completes, or, for metrics without a
// count, until each has taken `indefiniteMeasurements` measurements (the run is then Running).
func simulateRun(metrics []metric, start time.Time, indefiniteMeasurements int, take measure) (string, string, []*metricResult) {
	results := make([]*metricResult, len(metrics))
	for i, m := range metrics {
		results[i] = &metricResult{Name: m.Name, Phase: phaseRunning, next: start}
	}
	// Each round is one reconcile: every metric due at the earliest pending instant is
	// measured (none once the run is terminating), then every metric is assessed.
	for round := 0; round < 10000; round++ {
		terminating := isTerminating(results)
		var due []int
		for i, m := range metrics {
			r := results[i]
			if completed(r.Phase) || terminating {
				continue
			}
			if m.Count > 0 && int(r.count) >= m.Count {
				continue
			}
			if m.Count == 0 && len(r.Measurements) >= indefiniteMeasurements {
				continue
			}
			switch {
			case len(due) == 0 || r.next.Before(results[due[0]].next):
				due = []int{i}
			case r.next.Equal(results[due[0]].next):
				due = append(due, i)
			}
		}
		if len(due) == 0 {
			break
		}
		for _, i := range due {
			record(metrics[i], results[i], take(metrics[i], results[i].next))
		}
		for i, m := range metrics {
			results[i].Phase = assessMetric(m, results[i], false)
		}
	}
	phase, message := assessRun(metrics, results)
	return phase, message, results
}

func isTerminating(results []*metricResult) bool {
	for _, r := range results {
		switch r.Phase {
		case phaseFailed, phaseError, phaseInconclusive:
			return true
		}
	}
	return false
}

func assessMetric(m metric, r *metricResult, terminating bool) string {
	if completed(r.Phase) {
		return r.Phase
	}
	if len(r.Measurements) == 0 {
		if terminating {
			return phaseSuccessful
		}
		return phasePending
	}
	if phase, _ := failureInconclusiveOrError(m, r); phase != "" {
		return phase
	}
	if m.Count > 0 && int(r.count) >= m.Count {
		return phaseSuccessful
	}
	if terminating {
		return phaseSuccessful
	}
	return phaseRunning
}

func failureInconclusiveOrError(m metric, r *metricResult) (string, string) {
	phase, message := "", ""
	if r.failed > m.FailureLimit {
		phase, message = phaseFailed, "failed > failureLimit"
	}
	if r.inconclusive > m.InconclusiveLimit {
		phase, message = phaseInconclusive, "inconclusive > inconclusiveLimit"
	}
	if r.consecutiveError > m.ConsecutiveErrorLimit {
		phase, message = phaseError, "consecutiveErrors > consecutiveErrorLimit"
	}
	return phase, message
}

// assessRun is the run's phase: Running while any metric measures, else the worst phase; once
// a metric fails, errs or is inconclusive the run terminates and the rest count as done.
func assessRun(metrics []metric, results []*metricResult) (string, string) {
	terminating := isTerminating(results)
	worst, message := "", ""
	everythingCompleted := true
	for i, m := range metrics {
		phase := assessMetric(m, results[i], terminating)
		results[i].Phase = phase
		if !completed(phase) {
			everythingCompleted = false
			continue
		}
		if worst == "" || isWorse(worst, phase) {
			worst = phase
			if _, why := failureInconclusiveOrError(m, results[i]); why != "" {
				message = "metric " + m.Name + " assessed " + phase + " due to " + why
			}
		}
	}
	if terminating {
		if worst == "" {
			return phaseSuccessful, message
		}
		return worst, message
	}
	if !everythingCompleted || worst == "" {
		return phaseRunning, ""
	}
	return worst, message
}

// record counts a finished measurement as runMeasurements does and schedules the next one.
func record(m metric, r *metricResult, taken measurement) {
	r.Measurements = append(r.Measurements, taken)
	switch taken.Phase {
	case phaseSuccessful:
		r.count++
		r.consecutiveError = 0
	case phaseFailed:
		r.failed++
		r.count++
		r.consecutiveError = 0
	case phaseInconclusive:
		r.inconclusive++
		r.count++
		r.consecutiveError = 0
	case phaseError:
		r.errors++
		r.consecutiveError++
	}
	interval := m.Interval
	if taken.Phase == phaseError || interval == 0 {
		interval = defaultErrorRetryInterval
	}
	r.next = r.next.Add(interval)
}
