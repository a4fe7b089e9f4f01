package main

// Reading the generated Rollout and AnalysisTemplates, and resolving each metric's
// arguments as the controller does: the Rollout's args merged over the template's
// (utils/analysis/helpers.go MergeArgs), `podTemplateHashValue` read from the ReplicaSets'
// hashes, then every `{{...}}` of the metric substituted with the value quoted for JSON
// (utils/analysis/factory.go ResolveMetricArgs, utils/template ResolveQuotedArgs); a tag
// that is not a known argument fails the run.

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

type argument struct {
	Name      string  `yaml:"name" json:"name"`
	Value     *string `yaml:"value" json:"value,omitempty"`
	ValueFrom *struct {
		PodTemplateHashValue string `yaml:"podTemplateHashValue" json:"podTemplateHashValue"`
	} `yaml:"valueFrom" json:"valueFrom,omitempty"`
}

type analysisRef struct {
	templates []string
	args      []argument
}

type rolloutAnalysis struct {
	gate  *analysisRef
	watch *analysisRef
}

type templateRef struct {
	Templates []struct {
		TemplateName string `yaml:"templateName"`
	} `yaml:"templates"`
	Args []argument `yaml:"args"`
}

func (t templateRef) ref() *analysisRef {
	ref := &analysisRef{args: t.Args}
	for _, template := range t.Templates {
		ref.templates = append(ref.templates, template.TemplateName)
	}
	return ref
}

// readRollout finds the background watch and the gate: the first analysis step naming
// gateTemplate, or the first analysis step at all when gateTemplate is empty. Other steps
// (a load test, a data check) run Jobs, not queries, and are judged by their own tests.
func readRollout(path string, gateTemplate string) (rolloutAnalysis, error) {
	var doc struct {
		Spec struct {
			Strategy struct {
				Canary struct {
					Analysis *templateRef `yaml:"analysis"`
					Steps    []struct {
						Analysis *templateRef `yaml:"analysis"`
					} `yaml:"steps"`
				} `yaml:"canary"`
			} `yaml:"strategy"`
		} `yaml:"spec"`
	}
	bytes, err := os.ReadFile(path)
	if err != nil {
		return rolloutAnalysis{}, err
	}
	if err := yaml.Unmarshal(bytes, &doc); err != nil {
		return rolloutAnalysis{}, fmt.Errorf("%s: %v", path, err)
	}
	var found rolloutAnalysis
	canary := doc.Spec.Strategy.Canary
	for _, step := range canary.Steps {
		if step.Analysis == nil {
			continue
		}
		ref := step.Analysis.ref()
		if gateTemplate == "" || (len(ref.templates) == 1 && ref.templates[0] == gateTemplate) {
			found.gate = ref
			break
		}
	}
	if canary.Analysis != nil {
		found.watch = canary.Analysis.ref()
	}
	return found, nil
}

type template struct {
	Args    []argument               `yaml:"args"`
	Metrics []map[string]interface{} `yaml:"metrics"`
}

func readTemplates(path string) (map[string]template, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	decoder := yaml.NewDecoder(file)
	templates := map[string]template{}
	for {
		var doc struct {
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
			Spec template `yaml:"spec"`
		}
		if err := decoder.Decode(&doc); err != nil {
			if err.Error() == "EOF" {
				return templates, nil
			}
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		templates[doc.Metadata.Name] = doc.Spec
	}
}

func resolve(ref analysisRef, templates map[string]template, hashes map[string]string) ([]metric, error) {
	var metrics []metric
	for _, name := range ref.templates {
		t, ok := templates[name]
		if !ok {
			return nil, fmt.Errorf("the Rollout names AnalysisTemplate %q, which the file does not hold", name)
		}
		values := map[string]string{}
		for _, arg := range t.Args {
			if arg.Value != nil {
				values[arg.Name] = *arg.Value
			}
		}
		for _, arg := range ref.args {
			switch {
			case arg.Value != nil:
				values[arg.Name] = *arg.Value
			case arg.ValueFrom != nil:
				hash, ok := hashes[arg.ValueFrom.PodTemplateHashValue]
				if !ok {
					return nil, fmt.Errorf("args.%s: unknown podTemplateHashValue %q", arg.Name, arg.ValueFrom.PodTemplateHashValue)
				}
				values[arg.Name] = hash
			}
		}
		for _, arg := range t.Args {
			if _, ok := values[arg.Name]; !ok {
				return nil, fmt.Errorf("args.%s was not resolved", arg.Name)
			}
		}
		for _, raw := range t.Metrics {
			encoded, err := json.Marshal(raw)
			if err != nil {
				return nil, err
			}
			substituted, err := substitute(string(encoded), values)
			if err != nil {
				return nil, fmt.Errorf("metric %v: %v", raw["name"], err)
			}
			m, err := decodeMetric(substituted)
			if err != nil {
				return nil, err
			}
			metrics = append(metrics, m)
		}
	}
	return metrics, nil
}

// substitute replaces `{{ args.NAME }}` as fasttemplate does between "{{" and "}}".
func substitute(text string, values map[string]string) (string, error) {
	var out strings.Builder
	rest := text
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			out.WriteString(rest)
			return out.String(), nil
		}
		out.WriteString(rest[:open])
		closing := strings.Index(rest[open+2:], "}}")
		if closing < 0 {
			return "", fmt.Errorf("cannot find end tag=%q in the template", "}}")
		}
		tag := strings.TrimSpace(rest[open+2 : open+2+closing])
		name := strings.TrimPrefix(tag, "args.")
		value, ok := values[name]
		if !strings.HasPrefix(tag, "args.") || !ok {
			return "", fmt.Errorf("failed to resolve {{%s}}", rest[open+2:open+2+closing])
		}
		quoted := strconv.Quote(value)
		out.WriteString(quoted[1 : len(quoted)-1])
		rest = rest[open+2+closing+2:]
	}
}

func decodeMetric(encoded string) (metric, error) {
	var raw struct {
		Name                  string      `json:"name"`
		Interval              string      `json:"interval"`
		Count                 interface{} `json:"count"`
		FailureLimit          interface{} `json:"failureLimit"`
		InconclusiveLimit     interface{} `json:"inconclusiveLimit"`
		ConsecutiveErrorLimit interface{} `json:"consecutiveErrorLimit"`
		SuccessCondition      string      `json:"successCondition"`
		FailureCondition      string      `json:"failureCondition"`
		Provider              struct {
			Prometheus *struct {
				Query string `json:"query"`
			} `json:"prometheus"`
		} `json:"provider"`
	}
	if err := json.Unmarshal([]byte(encoded), &raw); err != nil {
		return metric{}, err
	}
	if raw.Provider.Prometheus == nil {
		return metric{}, fmt.Errorf("metric %s has no prometheus provider", raw.Name)
	}
	interval := time.Duration(0)
	if raw.Interval != "" {
		parsed, err := time.ParseDuration(raw.Interval)
		if err != nil {
			return metric{}, fmt.Errorf("metric %s: interval: %v", raw.Name, err)
		}
		interval = parsed
	}
	number := func(value interface{}, fallback int) int {
		if f, ok := value.(float64); ok {
			return int(f)
		}
		return fallback
	}
	return metric{
		Name: raw.Name, Interval: interval, Count: number(raw.Count, 0),
		FailureLimit: int32(number(raw.FailureLimit, 0)), InconclusiveLimit: int32(number(raw.InconclusiveLimit, 0)),
		ConsecutiveErrorLimit: int32(number(raw.ConsecutiveErrorLimit, defaultConsecutiveErrorLimit)),
		SuccessCondition:      raw.SuccessCondition, FailureCondition: raw.FailureCondition, Query: raw.Provider.Prometheus.Query,
	}, nil
}
