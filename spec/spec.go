// Package spec is the clause catalogue of the UpdateFunctionCode API: every
// rule the harness checks, as data, with a stable ID, its source, the profiles
// it belongs to and the outcome an endpoint must produce when a request breaks
// it.
//
// Generators classify the values they draw by the clauses they break, suites
// label their specs with clause IDs, and reports group verdicts by clause, so
// an ID is the thread that runs from a generated value to a line of a report.
package spec

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// ClauseID is the stable name of one rule, such as "NAME-PATTERN".
type ClauseID string

// Profile names a version of the API the harness can hold an endpoint to.
type Profile string

const (
	// ProfileAWS is today's AWS: the current API model and recorded
	// responses (docs/spec/aws.md, docs/spec/model.md). It is the default.
	ProfileAWS Profile = "aws"
	// ProfileSeed is the API reference page the project was created from
	// (docs/spec/seed.md), which predates today's AWS.
	ProfileSeed Profile = "seed"
)

// Profiles lists every profile, the default first.
var Profiles = []Profile{ProfileAWS, ProfileSeed}

// ParseProfile returns the profile named s, or an error that lists the valid
// names.
func ParseProfile(s string) (Profile, error) {
	switch Profile(strings.ToLower(strings.TrimSpace(s))) {
	case "", ProfileAWS:
		return ProfileAWS, nil
	case ProfileSeed:
		return ProfileSeed, nil
	}
	return "", fmt.Errorf("unknown profile %q: use %q (today's AWS, the default) or %q (the seed API page)", s, ProfileAWS, ProfileSeed)
}

// Source says where a clause comes from, using the confidence labels of
// docs/spec/README.md#confidence.
type Source string

const (
	SourceSeed     Source = "seed page"             // docs/spec/seed.md
	SourceModel    Source = "AWS model"             // docs/spec/model.md, botocore service-2.json
	SourceRecorded Source = "recorded AWS response" // recorded against AWS
	SourceReported Source = "reported AWS response" // quoted in public issues
	SourceDoc      Source = "AWS documentation"     // an AWS documentation page
	SourceInferred Source = "inferred"              // reasoned, with no recording behind it
)

// Area groups clauses for report totals.
type Area string

const (
	AreaNames   Area = "names"
	AreaBuckets Area = "buckets"
	AreaCode    Area = "code"
	AreaHash    Area = "hash/size"
	AreaPublish Area = "publish"
	AreaErrors  Area = "errors"
	AreaWire    Area = "wire format"
	AreaSchema  Area = "schema"
)

// Areas lists the areas in report order.
var Areas = []Area{AreaNames, AreaBuckets, AreaCode, AreaHash, AreaPublish, AreaErrors, AreaWire, AreaSchema}

// Stage orders the checks an endpoint makes, earliest first. When a request
// breaks several clauses, the clause of the earliest stage decides the
// outcome.
type Stage int

const (
	// StageSuccess marks clauses that describe a successful call: breaking
	// one is a property of a response, not of a request.
	StageSuccess Stage = iota
	StageRequestSize
	StageParse
	StageValidation
	StageBareName
	StageArnScope
	StageQualifier
	StageLookup
	StageRevision
	StageSource
	StageZippedSize
	StageS3Fetch
	StageArchive
	StageQuota
	StageService
)

// Outcome is what an endpoint must answer. Status 200 with no error types
// means success.
type Outcome struct {
	// Status is the HTTP status code.
	Status int
	// ErrorTypes lists the accepted error codes; any one of them matches.
	// It is empty on success.
	ErrorTypes []string
	// MessagePrefix is the start of the error message where AWS's text is
	// known; empty where it is not.
	MessagePrefix string
}

// Success is the outcome of a call that breaks no clause.
var Success = Outcome{Status: 200}

// IsError reports whether o describes an error response.
func (o Outcome) IsError() bool { return o.Status >= 300 }

// String renders o as "400 InvalidParameterValueException "Could not…"".
func (o Outcome) String() string {
	s := fmt.Sprint(o.Status)
	if len(o.ErrorTypes) > 0 {
		s += " " + strings.Join(o.ErrorTypes, "|")
	}
	if o.MessagePrefix != "" {
		s += fmt.Sprintf(" %q…", o.MessagePrefix)
	}
	return s
}

// Clause is one rule of the API.
type Clause struct {
	ID ClauseID
	// Area is the report group of the clause.
	Area Area
	// Rule states the clause in one sentence.
	Rule string
	// Sources says where the rule comes from, the strongest first.
	Sources []Source
	// Reference links the passages of the project's spec sources that back
	// the rule: repository paths with anchors, such as
	// "docs/spec/aws.md#limits", each optionally followed by a detail in
	// parentheses, several separated by "; ". Links returns the links.
	Reference string
	// Profiles lists the profiles the clause belongs to.
	Profiles []Profile
	// Stage orders the clause among the checks an endpoint makes.
	Stage Stage
	// Outcomes holds the expected outcome per profile when a request
	// breaks the clause. Success clauses expect Success.
	Outcomes map[Profile]Outcome
	// Note records what a reader needs to know about the clause: where the
	// seed and the service disagree, or what is inferred.
	Note string
}

// linkPattern matches a link of a Reference: a Markdown file under
// docs/spec and an anchor in it.
var linkPattern = regexp.MustCompile(`docs/spec/[A-Za-z0-9_-]+\.md#[a-z0-9-]+`)

// Links returns the links of the clause's Reference, such as
// "docs/spec/aws.md#limits", paths relative to the repository root. Each
// names an element id of that file.
func (c Clause) Links() []string {
	return linkPattern.FindAllString(c.Reference, -1)
}

// In reports whether the clause belongs to profile p.
func (c Clause) In(p Profile) bool {
	for _, q := range c.Profiles {
		if q == p {
			return true
		}
	}
	return false
}

// Outcome returns the outcome the clause expects under profile p.
func (c Clause) Outcome(p Profile) Outcome {
	if o, ok := c.Outcomes[p]; ok {
		return o
	}
	return Success
}

// Lookup returns the clause with the given ID.
func Lookup(id ClauseID) (Clause, bool) {
	c, ok := index[id]
	return c, ok
}

// MustLookup returns the clause with the given ID and panics if there is
// none: a misspelt ID in the harness itself is a programming error.
func MustLookup(id ClauseID) Clause {
	c, ok := index[id]
	if !ok {
		panic(fmt.Sprintf("spec: no clause %q in the catalogue", id))
	}
	return c
}

// All returns every clause in catalogue order.
func All() []Clause {
	out := make([]Clause, len(catalogue))
	copy(out, catalogue)
	return out
}

// ForProfile returns the clauses that belong to profile p, in catalogue
// order.
func ForProfile(p Profile) []Clause {
	var out []Clause
	for _, c := range catalogue {
		if c.In(p) {
			out = append(out, c)
		}
	}
	return out
}

// Expect returns the outcome an endpoint must produce, under profile p, for a
// request that breaks the given clauses. Clauses outside p are ignored, so a
// value can carry every clause it breaks under any profile. The clause of the
// earliest stage decides; at the validation stage every violated constraint
// is reported in one message, so the message prefix counts them.
func Expect(p Profile, broken []ClauseID) (Outcome, ClauseID) {
	var inP []Clause
	for _, id := range broken {
		c := MustLookup(id)
		if c.In(p) && c.Stage != StageSuccess {
			inP = append(inP, c)
		}
	}
	if len(inP) == 0 {
		return Success, ""
	}
	sort.SliceStable(inP, func(i, j int) bool { return inP[i].Stage < inP[j].Stage })
	first := inP[0]
	out := first.Outcome(p)
	if first.Stage == StageValidation {
		n := 0
		for _, c := range inP {
			if c.Stage == StageValidation {
				n++
			}
		}
		out.MessagePrefix = ValidationPrefix(n)
	}
	return out, first.ID
}

// ValidationPrefix is the start of a ValidationException message that
// reports n violated constraints (docs/spec/aws.md#validation-messages).
func ValidationPrefix(n int) string {
	if n == 1 {
		return "1 validation error detected: "
	}
	return fmt.Sprintf("%d validation errors detected: ", n)
}

var index = func() map[ClauseID]Clause {
	m := make(map[ClauseID]Clause, len(catalogue))
	for _, c := range catalogue {
		m[c.ID] = c
	}
	return m
}()
