package reference

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/lambdaconf/lambdaconf/spec"
)

// latest is the Version of the unpublished function.
const latest = "$LATEST"

// version is one version of a function: $LATEST or a published number.
// A version is replaced, never modified, once other goroutines can see it.
type version struct {
	Name          string
	Role          string
	Runtime       string
	Handler       string
	Description   string
	MemorySize    int
	Timeout       int
	Architectures []string
	PackageType   string
	ImageURI      string
	Environment   map[string]string
	HasEnv        bool
	CodeSha256    string
	CodeSize      int64
	// storedSize is the true length of the code, which the quota counts
	// whatever CodeSize says.
	storedSize   int64
	Code         packageBytes
	LastModified time.Time
	RevisionID   string
	Version      string
	// pending reports a version still being created (State Pending) until
	// pendingUntil; function.settle makes it Active.
	pending      bool
	pendingUntil time.Time
}

func (v *version) clone() *version {
	c := *v
	c.Architectures = append([]string(nil), v.Architectures...)
	return &c
}

// function is a function's $LATEST and its published versions.
type function struct {
	latest   *version
	versions []*version
	// lastPublished is the highest version number ever published.
	lastPublished int
	// changed reports an update of $LATEST since the last publish.
	changed bool
	// mayBePending is set when a Pending version is published, and
	// cleared by settle once none is left: settle then need not scan
	// the versions, which a client that publishes without deleting
	// makes many.
	mayBePending bool
	// updating reports an update of $LATEST in progress
	// (LastUpdateStatus InProgress) until updatingUntil; function.settle
	// ends it.
	updating      bool
	updatingUntil time.Time
}

// The reason AWS gives for a function or version being created and for an
// update in progress alike (LocalStack test_publish_with_update:
// create_response and update_function_code_result; test_function_revisions_basic:
// update_function_code_response_rev3).
const (
	reasonCreating     = "The function is being created."
	reasonCodeCreating = "Creating"
)

// settle applies the state transitions whose time has come by now: a
// Pending version becomes Active and an update in progress becomes
// Successful. Each transition changes the record, and so its RevisionId, as
// on AWS (LocalStack test_function_revisions_basic: RevisionId uuid:1 at
// create, uuid:2 once Active, uuid:3 in the update's answer, uuid:4 once it
// finished; test_publish_with_update: the version's uuid:3 and $LATEST's
// uuid:4). That a published version's RevisionId also changes when it
// becomes Active is inferred from the same rule. The caller holds the
// state lock; versions are replaced, never modified.
func (f *function) settle(now time.Time) {
	if v := f.latest; v.pending && !now.Before(v.pendingUntil) {
		c := v.clone()
		c.pending, c.RevisionID = false, newUUID()
		f.latest = c
	}
	if f.updating && !f.latest.pending && !now.Before(f.updatingUntil) {
		c := f.latest.clone()
		c.RevisionID = newUUID()
		f.latest, f.updating = c, false
	}
	if !f.mayBePending {
		return
	}
	f.mayBePending = false
	for i, v := range f.versions {
		if v.pending && !now.Before(v.pendingUntil) {
			c := v.clone()
			c.pending, c.RevisionID = false, newUUID()
			f.versions[i] = c
		} else if v.pending {
			f.mayBePending = true
		}
	}
}

// lookup returns the version named by qualifier ("" or $LATEST for the
// latest).
func (f *function) lookup(qualifier string) *version {
	if qualifier == "" || qualifier == latest {
		return f.latest
	}
	for _, v := range f.versions {
		if v.Version == qualifier {
			return v
		}
	}
	return nil
}

// publish makes a numbered copy of $LATEST and returns it.
func (f *function) publish(number int) *version {
	v := f.latest.clone()
	v.Version = strconv.Itoa(number)
	v.RevisionID = newUUID()
	kept := f.versions[:0]
	for _, old := range f.versions {
		if old.Version != v.Version {
			kept = append(kept, old)
		}
	}
	f.versions = append(kept, v)
	f.changed = false
	// A copy of a $LATEST still Pending is Pending too.
	f.mayBePending = f.mayBePending || v.pending
	return v
}

// publishPending publishes $LATEST as version number, Pending until until,
// as AWS creates a version published by CreateFunction or
// UpdateFunctionCode (LocalStack test_publish_with_update:
// update_function_code_result and get_function_version_result show State
// Pending).
func (f *function) publishPending(number int, until time.Time) *version {
	v := f.publish(number)
	v.pending, v.pendingUntil = true, until
	f.mayBePending = true
	return v
}

// nextVersion returns the number the next publish takes.
func (f *function) nextVersion() int { return f.lastPublished + 1 }

// storedBytes is the code the function's versions hold, for the quota.
func (f *function) storedBytes() int64 {
	n := f.latest.storedSize
	for _, v := range f.versions {
		n += v.storedSize
	}
	return n
}

// lambdaState is every function of the account.
type lambdaState struct {
	mu        sync.Mutex
	functions map[string]*function
	// lastModified is the latest LastModified handed out, so that each
	// change moves it forward.
	lastModified time.Time
}

func newLambdaState() *lambdaState {
	return &lambdaState{functions: map[string]*function{}}
}

// now returns a LastModified later than any before it, at millisecond
// precision. The caller holds mu.
func (s *lambdaState) now() time.Time {
	t := time.Now().UTC().Truncate(time.Millisecond)
	if !t.After(s.lastModified) {
		t = s.lastModified.Add(time.Millisecond)
	}
	s.lastModified = t
	return t
}

// storedBytes is the code of every function, for the quota. The caller
// holds mu.
func (s *lambdaState) storedBytes() int64 {
	var n int64
	for _, f := range s.functions {
		n += f.storedBytes()
	}
	return n
}

// fn returns the function named name, nil when there is none, with the
// state transitions due by now applied. The caller holds mu.
func (s *lambdaState) fn(name string) *function {
	f := s.functions[name]
	if f != nil {
		f.settle(time.Now())
	}
	return f
}

func (s *lambdaState) names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.functions))
}

// functionConfiguration is the FunctionConfiguration JSON, in the order of
// the recorded responses (docs/spec/aws.md#success-response).
type functionConfiguration struct {
	Architectures              []string          `json:"Architectures"`
	CodeSha256                 string            `json:"CodeSha256"`
	CodeSize                   int64             `json:"CodeSize"`
	Description                string            `json:"Description"`
	Environment                *environment      `json:"Environment,omitempty"`
	EphemeralStorage           ephemeralStorage  `json:"EphemeralStorage"`
	FunctionArn                string            `json:"FunctionArn"`
	FunctionName               string            `json:"FunctionName"`
	Handler                    string            `json:"Handler,omitempty"`
	LastModified               string            `json:"LastModified"`
	LastUpdateStatus           string            `json:"LastUpdateStatus,omitempty"`
	LastUpdateStatusReason     string            `json:"LastUpdateStatusReason,omitempty"`
	LastUpdateStatusReasonCode string            `json:"LastUpdateStatusReasonCode,omitempty"`
	LoggingConfig              loggingConfig     `json:"LoggingConfig"`
	MemorySize                 int               `json:"MemorySize"`
	PackageType                string            `json:"PackageType"`
	RevisionID                 string            `json:"RevisionId"`
	Role                       string            `json:"Role"`
	Runtime                    string            `json:"Runtime,omitempty"`
	RuntimeVersionConfig       *runtimeVersion   `json:"RuntimeVersionConfig,omitempty"`
	SnapStart                  snapStart         `json:"SnapStart"`
	State                      string            `json:"State,omitempty"`
	StateReason                string            `json:"StateReason,omitempty"`
	StateReasonCode            string            `json:"StateReasonCode,omitempty"`
	Timeout                    int               `json:"Timeout"`
	TracingConfig              map[string]string `json:"TracingConfig"`
	Version                    string            `json:"Version"`
}

// runtimeVersion is RuntimeVersionConfig: AWS answers it for Zip functions
// (LocalStack test_publish_version_on_create: create_response,
// "RuntimeVersionArn": "arn:<partition>:lambda:<region>::runtime:<id>").
type runtimeVersion struct {
	RuntimeVersionArn string `json:"RuntimeVersionArn"`
}

// runtimeVersionArn returns the ARN of the runtime version the reference
// reports for runtime: the recorded form, with an ID of 64 hex digits
// derived from the runtime's name (the ID's derivation is inferred; AWS's
// IDs are opaque).
func (h *Handler) runtimeVersionArn(runtime string) string {
	sum := sha256.Sum256([]byte("lambdaconf runtime " + runtime))
	return "arn:" + h.opts.Partition + ":lambda:" + h.opts.Region + "::runtime:" + hex.EncodeToString(sum[:])
}

type environment struct {
	Variables map[string]string `json:"Variables"`
}

type ephemeralStorage struct {
	Size int `json:"Size"`
}

type loggingConfig struct {
	LogFormat string `json:"LogFormat"`
	LogGroup  string `json:"LogGroup"`
}

type snapStart struct {
	ApplyOn            string `json:"ApplyOn"`
	OptimizationStatus string `json:"OptimizationStatus"`
}

// functionArn returns the ARN of a function, qualified unless qualifier is
// empty.
func (h *Handler) functionArn(name, qualifier string) string {
	arn := "arn:" + h.opts.Partition + ":lambda:" + h.opts.Region + ":" + h.opts.Account + ":function:" + name
	if qualifier != "" {
		arn += ":" + qualifier
	}
	return arn
}

// view says which keys a rendered configuration carries.
type view int

const (
	// viewFunction is what CreateFunction, GetFunction,
	// UpdateFunctionCode and PublishVersion answer.
	viewFunction view = iota
	// viewList is an entry of ListVersionsByFunction, which carries no
	// State, LastUpdateStatus or RuntimeVersionConfig keys (LocalStack
	// test_publish_version_on_create: list_versions_result).
	viewList
)

// render returns v's configuration in its current state (see
// function.settle). $LATEST is rendered with its qualifier in the ARN only
// when qualified is set, as GetFunction with Qualifier=$LATEST does.
//
// A Pending version shows State Pending, StateReason and StateReasonCode
// and no LastUpdateStatus keys; an Active one shows State Active and
// LastUpdateStatus, InProgress with its reason while an update of $LATEST is
// in progress (docs/spec/states.md#function-states; LocalStack test_publish_with_update:
// create_response, update_function_code_result and
// get_function_latest_result).
func (h *Handler) render(f *function, v *version, qualified bool, vw view) functionConfiguration {
	qualifier := ""
	if v.Version != latest || qualified {
		qualifier = v.Version
	}
	c := functionConfiguration{
		Architectures:    append([]string(nil), v.Architectures...),
		CodeSha256:       v.CodeSha256,
		CodeSize:         v.CodeSize,
		Description:      v.Description,
		EphemeralStorage: ephemeralStorage{Size: 512},
		FunctionArn:      h.functionArn(v.Name, qualifier),
		FunctionName:     v.Name,
		LastModified:     v.LastModified.Format(spec.LastModifiedLayout),
		LoggingConfig:    loggingConfig{LogFormat: "Text", LogGroup: "/aws/lambda/" + v.Name},
		MemorySize:       v.MemorySize,
		PackageType:      v.PackageType,
		RevisionID:       v.RevisionID,
		Role:             v.Role,
		SnapStart:        snapStart{ApplyOn: "None", OptimizationStatus: "Off"},
		Timeout:          v.Timeout,
		TracingConfig:    map[string]string{"Mode": "PassThrough"},
		Version:          v.Version,
	}
	if v.PackageType == "Zip" {
		c.Handler, c.Runtime = v.Handler, v.Runtime
	}
	if v.HasEnv {
		vars := make(map[string]string, len(v.Environment))
		for k, val := range v.Environment {
			vars[k] = val
		}
		c.Environment = &environment{Variables: vars}
	}
	if vw == viewList {
		return c
	}
	if v.PackageType == "Zip" && v.Runtime != "" {
		c.RuntimeVersionConfig = &runtimeVersion{RuntimeVersionArn: h.runtimeVersionArn(v.Runtime)}
	}
	switch {
	case v.pending:
		c.State, c.StateReason, c.StateReasonCode = "Pending", reasonCreating, reasonCodeCreating
	case v.Version == latest && f.updating:
		c.State, c.LastUpdateStatus = "Active", "InProgress"
		c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = reasonCreating, reasonCodeCreating
	default:
		c.State, c.LastUpdateStatus = "Active", "Successful"
	}
	return c
}
