// A test helper, not part of glidepath: it judges generated AnalysisTemplates the way the
// Argo Rollouts controller does, so the tests can prove what a gate does on real data.
//
// This file mirrors Argo Rollouts' utils/evaluate/evaluate.go (EvaluateResult, EvalCondition
// and the helper functions it puts in the expression environment) on the expr engine Debian
// packages (github.com/antonmedv/expr).
package main

import (
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/antonmedv/expr"
)

// evaluateResult is the measurement phase of one result: with only a success condition a
// false one fails, with only a failure condition a false one succeeds, and with both a result
// that meets neither is inconclusive.
func evaluateResult(result interface{}, success, failure string) (string, error) {
	successHolds, failureHolds := false, false
	var err error
	if success != "" {
		if successHolds, err = evalCondition(result, success); err != nil {
			return phaseError, err
		}
	}
	if failure != "" {
		if failureHolds, err = evalCondition(result, failure); err != nil {
			return phaseError, err
		}
	}
	switch {
	case success == "" && failure == "":
		return phaseSuccessful, nil
	case success != "" && failure == "":
		failureHolds = !successHolds
	case success == "" && failure != "":
		successHolds = !failureHolds
	}
	if failureHolds {
		return phaseFailed, nil
	}
	if !successHolds {
		return phaseInconclusive, nil
	}
	return phaseSuccessful, nil
}

func evalCondition(result interface{}, condition string) (ok bool, err error) {
	env := map[string]interface{}{
		"result":  valueFromPointer(result),
		"asInt":   asInt,
		"asFloat": asFloat,
		"isNaN":   math.IsNaN,
		"isInf":   isInf,
		"isNil":   isNilFunc(result),
		"default": defaultFunc(result),
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("evaluation logic panicked: %v", r)
		}
	}()
	program, err := expr.Compile(condition, expr.Env(env))
	if err != nil {
		return false, err
	}
	output, err := expr.Run(program, env)
	if err != nil {
		return false, err
	}
	value, isBool := output.(bool)
	if !isBool {
		return false, fmt.Errorf("expected bool, but got %T", output)
	}
	return value, nil
}

func isInf(f float64) bool { return math.IsInf(f, 0) }

func asInt(in interface{}) int64 {
	switch i := in.(type) {
	case float64:
		return int64(i)
	case int:
		return int64(i)
	case int64:
		return i
	case string:
		parsed, err := strconv.ParseInt(i, 10, 64)
		if err == nil {
			return parsed
		}
		panic(err)
	}
	panic(fmt.Sprintf("asInt() not supported on %v %v", reflect.TypeOf(in), in))
}

func asFloat(in interface{}) float64 {
	switch i := in.(type) {
	case float64:
		return i
	case int:
		return float64(i)
	case int64:
		return float64(i)
	case string:
		parsed, err := strconv.ParseFloat(i, 64)
		if err == nil {
			return parsed
		}
		panic(err)
	}
	panic(fmt.Sprintf("asFloat() not supported on %v %v", reflect.TypeOf(in), in))
}

func defaultFunc(result interface{}) func(interface{}, interface{}) interface{} {
	return func(_ interface{}, fallback interface{}) interface{} {
		if isNil(result) {
			return fallback
		}
		return valueFromPointer(result)
	}
}

func isNilFunc(result interface{}) func(interface{}) bool {
	return func(_ interface{}) bool { return isNil(result) }
}

func isNil(in interface{}) bool {
	if in == nil {
		return true
	}
	switch reflect.TypeOf(in).Kind() {
	case reflect.Ptr, reflect.Map, reflect.Array, reflect.Chan, reflect.Slice:
		return reflect.ValueOf(in).IsNil()
	}
	return false
}

func valueFromPointer(in interface{}) interface{} {
	if isNil(in) {
		return nil
	}
	if reflect.TypeOf(in).Kind() != reflect.Ptr {
		return in
	}
	return reflect.ValueOf(in).Elem().Interface()
}
