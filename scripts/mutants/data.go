package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// dataMutant is a hand-made change to the catalogue's data, which gremlins
// does not mutate (it changes operators, not constants or literals). Each
// must make the spec package's tests fail: the tests pin every limit,
// stage, error type and message with a literal from the sources.
type dataMutant struct {
	file, from, to string
}

var dataMutants = []dataMutant{
	// Limits off by one, both ways.
	{"spec/catalogue.go", "MaxBareNameLength = 64", "MaxBareNameLength = 63"},
	{"spec/catalogue.go", "MaxBareNameLength = 64", "MaxBareNameLength = 65"},
	{"spec/catalogue.go", "MaxFunctionNameLength = 140", "MaxFunctionNameLength = 139"},
	{"spec/catalogue.go", "MaxFunctionNameLength = 140", "MaxFunctionNameLength = 141"},
	{"spec/catalogue.go", "MaxZippedSize = 52428800", "MaxZippedSize = 52428799"},
	{"spec/catalogue.go", "MaxZippedSize = 52428800", "MaxZippedSize = 52428801"},
	{"spec/catalogue.go", "MaxRequestSizeAWS = 70167211", "MaxRequestSizeAWS = 70167210"},
	{"spec/catalogue.go", "MaxRequestSizeAWS = 70167211", "MaxRequestSizeAWS = 70167212"},
	{"spec/catalogue.go", "MaxUnzippedSize = 262144000", "MaxUnzippedSize = 262143999"},
	{"spec/catalogue.go", "MaxUnzippedSize = 262144000", "MaxUnzippedSize = 262144001"},
	{"spec/catalogue.go", "MaxRequestSizeSeed = 69905067", "MaxRequestSizeSeed = 69905066"},
	{"spec/patterns.go", "if n > 63 {", "if n > 64 {"},
	{"spec/patterns.go", "if n < 3 {", "if n < 2 {"},
	{"spec/patterns.go", "if n > 1024 {", "if n > 1023 {"},
	// Stages, error types, statuses, profiles.
	{"spec/catalogue.go", "{ID: NameBareTooLong, Area: AreaNames, Stage: StageBareName,", "{ID: NameBareTooLong, Area: AreaNames, Stage: StageValidation,"},
	{"spec/catalogue.go", `Outcomes: same(400, ErrInvalidParameter, "1 validation error detected: Value '"),`, `Outcomes: same(400, ErrValidation, "1 validation error detected: Value '"),`},
	{"spec/catalogue.go", "{ID: RevisionStale, Area: AreaPublish, Stage: StageRevision,", "{ID: RevisionStale, Area: AreaPublish, Stage: StageLookup,"},
	{"spec/catalogue.go", "Outcomes: awsOutcome(412, ErrPreconditionFailed, MsgRevision),", "Outcomes: awsOutcome(400, ErrPreconditionFailed, MsgRevision),"},
	{"spec/catalogue.go", "Outcomes: awsOutcome(409, ErrResourceConflict, MsgInProgress),", "Outcomes: awsOutcome(409, ErrResourceConflict, MsgRevision),"},
	{"spec/catalogue.go", "Outcomes: same(429, ErrTooManyRequests, MsgThrottled),", "Outcomes: same(503, ErrTooManyRequests, MsgThrottled),"},
	{"spec/catalogue.go", "Outcomes: same(404, ErrResourceNotFound, MsgNotFound),", "Outcomes: same(400, ErrResourceNotFound, MsgNotFound),"},
	{"spec/catalogue.go", "ProfileAWS:  {Status: 413, ErrorTypes: []string{ErrEntityTooLarge}, MessagePrefix: MsgZippedSize},", "ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrEntityTooLarge}, MessagePrefix: MsgZippedSize},"},
	{"spec/catalogue.go", "ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrValidation}},\n\t\tProfileSeed: {Status: 400, ErrorTypes: []string{ErrValidation, ErrInvalidParameter}},", "ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},\n\t\tProfileSeed: {Status: 400, ErrorTypes: []string{ErrValidation, ErrInvalidParameter}},"},
	{"spec/catalogue.go", "{ID: ArchEnum, Area: AreaCode, Stage: StageValidation, Profiles: awsOnly,", "{ID: ArchEnum, Area: AreaCode, Stage: StageValidation, Profiles: both,"},
	{"spec/catalogue.go", `ErrResourceNotFound    = "ResourceNotFoundException"`, `ErrResourceNotFound    = "ResourceNotFound"`},
	{"spec/spec.go", "StageQualifier\n\tStageLookup", "StageLookup\n\tStageQualifier"},
	// Messages.
	{"spec/catalogue.go", `MsgNotFound      = "Function not found: "`, `MsgNotFound      = "Function not found:"`},
	{"spec/catalogue.go", `MsgThrottled     = "Rate exceeded"`, `MsgThrottled     = "Rate Exceeded"`},
	{"spec/catalogue.go", `MsgRevision      = "The Revision Id provided`, `MsgRevision      = "The RevisionId provided`},
	{"spec/catalogue.go", `MessagePrefix: "Request must be smaller than 70167211 bytes`, `MessagePrefix: "Request must be smaller than 70167212 bytes`},
	{"spec/spec.go", `return "1 validation error detected: "`, `return "1 validation errors detected: "`},
}

// runDataMutants applies each data mutant to the spec package through
// go test -overlay and returns how many the tests caught, and a line for
// each one they did not (or that no longer applies).
func runDataMutants(workers int) (killed int, problems []string) {
	tmp, err := os.MkdirTemp("", "lambdaconf-data-mutants-")
	if err != nil {
		return 0, []string{err.Error()}
	}
	defer os.RemoveAll(tmp)
	type result struct {
		killed  bool
		problem string
	}
	results := make([]result, len(dataMutants))
	sem := make(chan struct{}, max(workers, 1))
	var wg sync.WaitGroup
	for i, m := range dataMutants {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = runDataMutant(tmp, i, m)
		}()
	}
	wg.Wait()
	for i, r := range results {
		m := dataMutants[i]
		switch {
		case r.problem != "":
			problems = append(problems, fmt.Sprintf("%s: %q -> %q: %s", m.file, m.from, m.to, r.problem))
		case r.killed:
			killed++
		default:
			problems = append(problems, fmt.Sprintf("%s: %q -> %q: LIVED (no spec test pins this value)", m.file, m.from, m.to))
		}
	}
	return killed, problems
}

func runDataMutant(tmp string, i int, m dataMutant) (r struct {
	killed  bool
	problem string
}) {
	src, err := os.ReadFile(m.file)
	if err != nil {
		r.problem = err.Error()
		return r
	}
	if n := strings.Count(string(src), m.from); n != 1 {
		r.problem = fmt.Sprintf("the text to change occurs %d times, want once: update the mutant", n)
		return r
	}
	abs, _ := filepath.Abs(m.file)
	mutated := filepath.Join(tmp, fmt.Sprintf("mutant%d.go", i))
	if err := os.WriteFile(mutated, []byte(strings.Replace(string(src), m.from, m.to, 1)), 0o644); err != nil {
		r.problem = err.Error()
		return r
	}
	overlay, _ := json.Marshal(map[string]any{"Replace": map[string]string{abs: mutated}})
	ovFile := filepath.Join(tmp, fmt.Sprintf("overlay%d.json", i))
	if err := os.WriteFile(ovFile, overlay, 0o644); err != nil {
		r.problem = err.Error()
		return r
	}
	out, err := exec.Command("go", "test", "-count=1", "-overlay", ovFile, "./"+filepath.Dir(m.file)).CombinedOutput()
	switch {
	case err == nil:
	case strings.Contains(string(out), "[build failed]") || strings.Contains(string(out), "[setup failed]"):
		r.problem = "the mutant does not compile: " + firstLine(string(out))
	default:
		r.killed = true
	}
	return r
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
