package reference

import (
	"sort"
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
	Code         []byte
	LastModified time.Time
	RevisionID   string
	Version      string
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
	// updatingUntil is when an update in progress finishes.
	updatingUntil time.Time
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

func (s *lambdaState) names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.functions))
	for n := range s.functions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
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
	LastUpdateStatus           string            `json:"LastUpdateStatus"`
	LastUpdateStatusReason     string            `json:"LastUpdateStatusReason,omitempty"`
	LastUpdateStatusReasonCode string            `json:"LastUpdateStatusReasonCode,omitempty"`
	LoggingConfig              loggingConfig     `json:"LoggingConfig"`
	MemorySize                 int               `json:"MemorySize"`
	PackageType                string            `json:"PackageType"`
	RevisionID                 string            `json:"RevisionId"`
	Role                       string            `json:"Role"`
	Runtime                    string            `json:"Runtime,omitempty"`
	SnapStart                  snapStart         `json:"SnapStart"`
	State                      string            `json:"State"`
	Timeout                    int               `json:"Timeout"`
	TracingConfig              map[string]string `json:"TracingConfig"`
	Version                    string            `json:"Version"`
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

// render returns v's configuration as of now. $LATEST is rendered with
// its qualifier in the ARN only when qualified is set, as GetFunction with
// Qualifier=$LATEST does.
func (h *Handler) render(f *function, v *version, qualified bool, now time.Time) functionConfiguration {
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
		LastUpdateStatus: "Successful",
		LoggingConfig:    loggingConfig{LogFormat: "Text", LogGroup: "/aws/lambda/" + v.Name},
		MemorySize:       v.MemorySize,
		PackageType:      v.PackageType,
		RevisionID:       v.RevisionID,
		Role:             v.Role,
		SnapStart:        snapStart{ApplyOn: "None", OptimizationStatus: "Off"},
		State:            "Active",
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
	if v.Version == latest && now.Before(f.updatingUntil) {
		c.LastUpdateStatus = "InProgress"
		c.LastUpdateStatusReason = "The function is being created."
		c.LastUpdateStatusReasonCode = "Creating"
	}
	return c
}
