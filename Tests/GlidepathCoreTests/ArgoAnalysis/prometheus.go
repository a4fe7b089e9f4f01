package main

// One measurement as Argo Rollouts' Prometheus provider takes it (metricproviders/prometheus/
// prometheus.go): an instant query at the measurement's time; a vector becomes []float64 of
// its samples (empty when there are none), a scalar a float64; then the conditions decide.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

type prometheus struct {
	address string
	client  *http.Client
}

func (p prometheus) measure(m metric, at time.Time) measurement {
	taken := measurement{At: at.Unix()}
	result, shown, err := p.query(m.Query, at)
	if err != nil {
		taken.Phase, taken.Message = phaseError, err.Error()
		return taken
	}
	taken.Value = shown
	phase, err := evaluateResult(result, m.SuccessCondition, m.FailureCondition)
	taken.Phase = phase
	if err != nil {
		taken.Message = err.Error()
	}
	return taken
}

func (p prometheus) query(query string, at time.Time) (interface{}, string, error) {
	parameters := url.Values{"query": {query}, "time": {strconv.FormatInt(at.Unix(), 10)}}
	response, err := p.client.Get(p.address + "/api/v1/query?" + parameters.Encode())
	if err != nil {
		return nil, "", err
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return nil, "", err
	}
	var decoded struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string          `json:"resultType"`
			Result     json.RawMessage `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &decoded); err != nil {
		return nil, "", fmt.Errorf("prometheus answered %d: %s", response.StatusCode, body)
	}
	if decoded.Status != "success" {
		return nil, "", fmt.Errorf("prometheus: %s", decoded.Error)
	}
	switch decoded.Data.ResultType {
	case "scalar":
		var pair [2]interface{}
		if err := json.Unmarshal(decoded.Data.Result, &pair); err != nil {
			return nil, "", err
		}
		value, err := sampleValue(pair[1])
		return value, fmt.Sprint(pair[1]), err
	case "vector":
		var samples []struct {
			Value [2]interface{} `json:"value"`
		}
		if err := json.Unmarshal(decoded.Data.Result, &samples); err != nil {
			return nil, "", err
		}
		values := make([]float64, 0, len(samples))
		shown := make([]string, 0, len(samples))
		for _, sample := range samples {
			value, err := sampleValue(sample.Value[1])
			if err != nil {
				return nil, "", err
			}
			values = append(values, value)
			shown = append(shown, fmt.Sprint(sample.Value[1]))
		}
		return values, "[" + strings.Join(shown, ",") + "]", nil
	default:
		return nil, "", fmt.Errorf("Prometheus metric type not supported")
	}
}

// sampleValue reads Prometheus's string form of a float ("0.25", "NaN", "+Inf").
func sampleValue(raw interface{}) (float64, error) {
	text, ok := raw.(string)
	if !ok {
		return 0, fmt.Errorf("sample value %v is not a string", raw)
	}
	return strconv.ParseFloat(text, 64)
}
