// argo-analysis judges a generated Rollout's analysis against a Prometheus server the way
// Argo Rollouts would: the AnalysisTemplates' metrics with the Rollout's arguments filled in,
// each measurement an instant query, its phase from the conditions, the run's phase from the
// counts and limits. It prints, per start time, the gate's and the background watch's verdict
// as JSON. A test helper, built from Debian's Go packages; not part of glidepath.
//
//	argo-analysis -prometheus http://127.0.0.1:9090 -rollout rollout.yaml \
//	    -templates analysis-template.yaml -canary-hash H1 -stable-hash H2 -at 1767225600 ...
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

type multiFlag []string

func (f *multiFlag) String() string     { return strings.Join(*f, ",") }
func (f *multiFlag) Set(v string) error { *f = append(*f, v); return nil }

type runVerdict struct {
	Kind     string          `json:"kind"`
	Template string          `json:"template"`
	Phase    string          `json:"phase"`
	Message  string          `json:"message,omitempty"`
	Metrics  []*metricResult `json:"metrics"`
}

type verdict struct {
	At   int64        `json:"at"`
	Runs []runVerdict `json:"runs"`
}

func main() {
	address := flag.String("prometheus", "", "Prometheus base URL")
	rolloutFile := flag.String("rollout", "", "rollout.yaml")
	templatesFile := flag.String("templates", "", "analysis-template.yaml")
	gateTemplate := flag.String("gate", "", "the AnalysisTemplate the gate step names (default: the first analysis step's)")
	canaryHash := flag.String("canary-hash", "canary-hash", "pod template hash of the canary (podTemplateHashValue: Latest)")
	stableHash := flag.String("stable-hash", "stable-hash", "pod template hash of the stable version (podTemplateHashValue: Stable)")
	watchMeasurements := flag.Int("watch-measurements", 5, "measurements each metric of the background watch takes")
	wait := flag.Duration("wait", 60*time.Second, "how long to wait for Prometheus to be ready")
	var starts multiFlag
	flag.Var(&starts, "at", "start of an analysis run, in Unix seconds (repeatable)")
	flag.Parse()

	rollout, err := readRollout(*rolloutFile, *gateTemplate)
	fail(err)
	templates, err := readTemplates(*templatesFile)
	fail(err)
	hashes := map[string]string{"Latest": *canaryHash, "Stable": *stableHash}
	server := prometheus{address: strings.TrimRight(*address, "/"), client: &http.Client{Timeout: 30 * time.Second}}
	fail(server.waitUntilReady(*wait))

	var runs []struct {
		kind    string
		analyse analysisRef
	}
	if rollout.gate != nil {
		runs = append(runs, struct {
			kind    string
			analyse analysisRef
		}{"gate", *rollout.gate})
	}
	if rollout.watch != nil {
		runs = append(runs, struct {
			kind    string
			analyse analysisRef
		}{"watch", *rollout.watch})
	}
	var verdicts []verdict
	for _, text := range starts {
		seconds, err := strconv.ParseInt(text, 10, 64)
		fail(err)
		start := time.Unix(seconds, 0)
		v := verdict{At: seconds}
		for _, run := range runs {
			metrics, err := resolve(run.analyse, templates, hashes)
			fail(err)
			phase, message, results := simulateRun(metrics, start, *watchMeasurements, server.measure)
			v.Runs = append(v.Runs, runVerdict{
				Kind: run.kind, Template: strings.Join(run.analyse.templates, ","), Phase: phase, Message: message, Metrics: results,
			})
		}
		verdicts = append(verdicts, v)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	fail(encoder.Encode(verdicts))
}

func (p prometheus) waitUntilReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		response, err := p.client.Get(p.address + "/-/ready")
		if err == nil {
			response.Body.Close()
			if response.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("prometheus at %s was not ready within %v (last error: %v)", p.address, limit, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "argo-analysis:", err)
		os.Exit(2)
	}
}
