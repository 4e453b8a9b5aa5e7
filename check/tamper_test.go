package check

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// exchange is one request to a tampered endpoint and, once next has run,
// the embedded reference's answer to it. A tamper function may change the
// request before calling next, the answer after, or answer on its own.
type exchange struct {
	Req     *http.Request
	ReqBody []byte
	Status  int
	Header  http.Header
	Body    []byte
}

// isUpdate reports whether x is an UpdateFunctionCode call.
func (x *exchange) isUpdate() bool {
	return x.Req.Method == http.MethodPut && strings.HasSuffix(x.Req.URL.Path, "/code")
}

// isGetFunction reports whether x is a GetFunction call.
func (x *exchange) isGetFunction() bool {
	p := x.Req.URL.Path
	return x.Req.Method == http.MethodGet && strings.HasPrefix(p, "/2015-03-31/functions/") &&
		strings.Count(p, "/") == 3
}

// isListVersions reports whether x is a ListVersionsByFunction call.
func (x *exchange) isListVersions() bool {
	return x.Req.Method == http.MethodGet && strings.HasSuffix(x.Req.URL.Path, "/versions")
}

// request decodes the JSON body of the request.
func (x *exchange) request() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(x.ReqBody, &m)
	return m
}

// edit rewrites the JSON object of the answer, or of its member at path.
func (x *exchange) edit(f func(m map[string]any), path ...string) {
	var root map[string]any
	if err := json.Unmarshal(x.Body, &root); err != nil {
		panic(fmt.Sprintf("tamper: the answer is not a JSON object: %q", x.Body))
	}
	m := root
	for _, k := range path {
		m = m[k].(map[string]any)
	}
	f(m)
	x.Body, _ = json.Marshal(root)
}

// answer replaces the answer with an error of status, type and message, in
// the wire format the recorded AWS answers have (docs/spec/aws.md#error-format).
func (x *exchange) answer(status int, errType, key, message string) {
	x.Status = status
	x.Header = http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {"tampered-1"},
		"X-Amzn-Errortype": {errType}}
	x.Body, _ = json.Marshal(map[string]string{"Type": "User", key: message})
}

// tamperedEnv is referenceEnv with every request, once the fixtures exist,
// passed through tamper: an endpoint that misbehaves in exactly one way.
func tamperedEnv(tb testing.TB, opts reference.Options, tamper func(x *exchange, next func())) Env {
	tb.Helper()
	if opts.Profile == "" {
		opts.Profile = spec.ProfileAWS
	}
	h := reference.NewHandler(opts)
	var on atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		x := &exchange{Req: r, ReqBody: body}
		next := func() {
			in := r.Clone(r.Context())
			in.Body = io.NopCloser(bytes.NewReader(x.ReqBody))
			in.ContentLength = int64(len(x.ReqBody))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, in)
			x.Status, x.Header, x.Body = rec.Code, rec.Header().Clone(), rec.Body.Bytes()
		}
		if on.Load() {
			tamper(x, next)
		} else {
			next()
		}
		for k, v := range x.Header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(x.Body)))
		w.WriteHeader(x.Status)
		_, _ = w.Write(x.Body)
	}))
	tb.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tgt, err := target.Open(ctx, target.Config{Endpoint: srv.URL, Region: "us-east-1",
		Credentials: target.EmulatorCredentials, Profile: opts.Profile})
	if err != nil {
		tb.Fatalf("opening the tampered reference: %v", err)
	}
	prefix := fixtures.NewPrefix()
	g, err := Setup(ctx, fixtures.NewRun(tgt, prefix), fmt.Sprintf("%sc%d", prefix, envCount.Add(1)), opts.Profile)
	if err != nil {
		tb.Fatalf("creating fixtures: %v", err)
	}
	on.Store(true)
	return Env{Target: tgt, Gen: g, Profile: opts.Profile, Evaluated: &Evaluated{}}
}

// wantBlame fails the test unless err holds a finding of clause id.
func wantBlame(t *testing.T, what string, err error, id spec.ClauseID) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: the check passed", what)
		return
	}
	if !blames(err, []spec.ClauseID{id}) {
		t.Errorf("%s: blamed %v, want %s:\n%v", what, clauses(err), id, err)
	}
}

// otherHash is a well-formed CodeSha256 of other code.
var otherHash = Sha256([]byte("other code"))

func TestCodeVisibleCatchesStaleCode(t *testing.T) {
	code := Zip("index.py", "# new code\n")
	tests := map[string]func(m map[string]any){
		"another hash, same size":  func(m map[string]any) { m["CodeSha256"] = otherHash },
		"same hash, another size":  func(m map[string]any) { m["CodeSize"] = m["CodeSize"].(float64) + 1 },
		"same hash, size zero":     func(m map[string]any) { m["CodeSize"] = 0.0 },
		"hash of the base64 text":  func(m map[string]any) { m["CodeSha256"] = Sha256([]byte("UEsDBA==")) },
		"unchanged (must pass)":    nil,
		"unknown member (ignored)": func(m map[string]any) { m["Extra"] = "x" },
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
				next()
				if x.isGetFunction() && change != nil {
					x.edit(change, "Configuration")
				}
			})
			if _, err := Update(ctx(t), env, spec.HashInline, updateOf(env, code), code); err != nil {
				t.Fatalf("the update itself: %v", err)
			}
			err := CodeVisible(ctx(t), env, env.Gen.Function, code)
			if strings.Contains(name, "must pass") || strings.Contains(name, "ignored") {
				if err != nil {
					t.Errorf("false alarm:\n%v", err)
				}
				return
			}
			wantBlame(t, name, err, spec.CodeVisible)
		})
	}
}

func TestDryRunUnchangedCatchesEachChange(t *testing.T) {
	tests := map[string]func(x *exchange, dryRunSeen bool){
		"code changed, same size": func(x *exchange, seen bool) {
			if seen && x.isGetFunction() {
				x.edit(func(m map[string]any) { m["CodeSha256"] = otherHash }, "Configuration")
			}
		},
		"size changed, same hash": func(x *exchange, seen bool) {
			if seen && x.isGetFunction() {
				x.edit(func(m map[string]any) { m["CodeSize"] = m["CodeSize"].(float64) + 7 }, "Configuration")
			}
		},
		"a version appeared": func(x *exchange, seen bool) {
			if seen && x.isListVersions() {
				x.edit(func(m map[string]any) {
					vs := m["Versions"].([]any)
					extra := map[string]any{}
					for k, v := range vs[0].(map[string]any) {
						extra[k] = v
					}
					extra["Version"] = "1"
					m["Versions"] = append(vs, extra)
				})
			}
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			var seen atomic.Bool
			env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
				if x.isUpdate() && x.request()["DryRun"] == true {
					seen.Store(true)
				}
				next()
				change(x, seen.Load())
			})
			wantBlame(t, name, DryRunUnchanged(ctx(t), env, Zip("a.py", "dry")), spec.DryRunUnchanged)
		})
	}
	t.Run("a faithful endpoint passes", func(t *testing.T) {
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) { next() })
		if err := DryRunUnchanged(ctx(t), env, Zip("a.py", "dry")); err != nil {
			t.Errorf("false alarm:\n%v", err)
		}
	})
}

func TestReuploadCatchesAnUnchangedRevision(t *testing.T) {
	code := Zip("a.py", "same")
	t.Run("the second answer repeats the first RevisionId", func(t *testing.T) {
		var first atomic.Value
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
			next()
			if !x.isUpdate() || x.Status != 200 {
				return
			}
			x.edit(func(m map[string]any) {
				if r, ok := first.Load().(string); ok {
					m["RevisionId"] = r
				} else {
					first.Store(m["RevisionId"])
				}
			})
		})
		wantBlame(t, "repeated RevisionId", Reupload(ctx(t), env, code), spec.RevisionChanges)
	})
	t.Run("the first answer has no RevisionId", func(t *testing.T) {
		var n atomic.Int64
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
			next()
			if x.isUpdate() && x.Status == 200 && n.Add(1) == 1 {
				x.edit(func(m map[string]any) { delete(m, "RevisionId") })
			}
		})
		wantBlame(t, "missing first RevisionId", Reupload(ctx(t), env, code), spec.RevisionChanges)
	})
	t.Run("another CodeSha256 for identical code", func(t *testing.T) {
		var n atomic.Int64
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
			next()
			if x.isUpdate() && x.Status == 200 && n.Add(1) == 2 {
				x.edit(func(m map[string]any) { m["CodeSha256"] = otherHash })
			}
		})
		wantBlame(t, "changed hash", Reupload(ctx(t), env, code), spec.HashReupload)
	})
}

func TestRevisionChangesCatchesEachHalf(t *testing.T) {
	// GetFunction is called before and after the update; the update's own
	// answer comes in between.
	tests := map[string]func(x *exchange, gets int64, firstRev *atomic.Value){
		"GetFunction shows no RevisionId before": func(x *exchange, gets int64, _ *atomic.Value) {
			if x.isGetFunction() && gets == 1 {
				x.edit(func(m map[string]any) { m["RevisionId"] = "" }, "Configuration")
			}
		},
		"GetFunction keeps the old RevisionId after": func(x *exchange, gets int64, first *atomic.Value) {
			if x.isGetFunction() {
				x.edit(func(m map[string]any) {
					if gets == 1 {
						first.Store(m["RevisionId"])
					} else {
						m["RevisionId"] = first.Load()
					}
				}, "Configuration")
			}
		},
		"the response repeats the old RevisionId": func(x *exchange, gets int64, first *atomic.Value) {
			if x.isGetFunction() && gets == 1 {
				x.edit(func(m map[string]any) { first.Store(m["RevisionId"]) }, "Configuration")
			}
			if x.isUpdate() && x.Status == 200 {
				x.edit(func(m map[string]any) { m["RevisionId"] = first.Load() })
			}
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			var gets atomic.Int64
			var first atomic.Value
			env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
				next()
				n := gets.Load()
				if x.isGetFunction() {
					n = gets.Add(1)
				}
				change(x, n, &first)
			})
			wantBlame(t, name, RevisionChanges(ctx(t), env, Zip("a.py", "rev")), spec.RevisionChanges)
		})
	}
}

// recordedPrecondition answers as AWS does to a stale RevisionId
// (docs/spec/aws.md#update-errors-recorded, update_function_revision_exception).
func recordedPrecondition(x *exchange) {
	x.answer(412, "PreconditionFailedException", "message",
		"The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
}

func TestRevisionMismatchCatchesEachFault(t *testing.T) {
	t.Run("412, but the update is applied anyway", func(t *testing.T) {
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
			if x.isUpdate() && x.request()["RevisionId"] != nil {
				m := x.request()
				delete(m, "RevisionId")
				x.ReqBody, _ = json.Marshal(m)
				next()
				recordedPrecondition(x)
				return
			}
			next()
		})
		wantBlame(t, "applied anyway", RevisionMismatch(ctx(t), env, Zip("a.py", "stale")), spec.RevisionStale)
	})
	t.Run("even the current RevisionId is refused", func(t *testing.T) {
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
			if x.isUpdate() && x.request()["RevisionId"] != nil {
				recordedPrecondition(x)
				return
			}
			next()
		})
		wantBlame(t, "current refused", RevisionMismatch(ctx(t), env, Zip("a.py", "stale")), spec.RevisionMatching)
	})
	t.Run("the stale RevisionId is accepted", func(t *testing.T) {
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
			if x.isUpdate() {
				m := x.request()
				delete(m, "RevisionId")
				x.ReqBody, _ = json.Marshal(m)
			}
			next()
		})
		wantBlame(t, "stale accepted", RevisionMismatch(ctx(t), env, Zip("a.py", "stale")), spec.RevisionStale)
	})
	t.Run("a function whose RevisionId is the all-zero one is sent another stale one", func(t *testing.T) {
		// The endpoint shows the function's RevisionId as the all-zero UUID
		// the check sends by default, and accepts it as current: the check
		// must pick another stale RevisionId, not raise a false alarm.
		const zero = "00000000-0000-0000-0000-000000000000"
		var real atomic.Value
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
			if x.isUpdate() && x.request()["RevisionId"] == zero {
				m := x.request()
				m["RevisionId"] = real.Load()
				x.ReqBody, _ = json.Marshal(m)
			}
			next()
			if x.isGetFunction() {
				x.edit(func(m map[string]any) { real.Store(m["RevisionId"]); m["RevisionId"] = zero }, "Configuration")
			}
		})
		if err := RevisionMismatch(ctx(t), env, Zip("a.py", "stale")); err != nil {
			t.Errorf("false alarm:\n%v", err)
		}
	})
}

// updateOf is a plain inline update of the fixture function.
func updateOf(env Env, code []byte) request.UpdateFunctionCode {
	return request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}
}

func TestThrottlingCatchesAMisbehavingLimit(t *testing.T) {
	tests := map[string]func(x *exchange){
		"429 without Retry-After":          func(x *exchange) { x.Header.Del("Retry-After") },
		"429 with a blank Retry-After":     func(x *exchange) { x.Header.Set("Retry-After", "  ") },
		"429 with another message":         func(x *exchange) { x.edit(func(m map[string]any) { m["message"] = "Slow down" }) },
		"429 of another error type":        func(x *exchange) { x.Header.Set("X-Amzn-Errortype", "ServiceException") },
		"429 without a message":            func(x *exchange) { x.edit(func(m map[string]any) { delete(m, "message") }) },
		"429 with Retry-After (must pass)": nil,
	}
	// A burst of 5 lets the first updates through, 20 in a row meet the
	// limit (see TestLimitChecks).
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := tamperedEnv(t, reference.Options{RateLimit: 5}, func(x *exchange, next func()) {
				next()
				if x.Status == 429 && change != nil {
					change(x)
				}
			})
			err := Throttling(ctx(t), env, 20, Zip("a.py", "t"))
			switch {
			case change == nil && err != nil:
				t.Errorf("false alarm:\n%v", err)
			case change != nil && err == nil:
				t.Errorf("%s passed the throttling check", name)
			case strings.Contains(name, "Retry-After") && change != nil:
				// The missing header is reported once, on THROTTLED.
				if got := clauses(err); len(got) != 1 || got[0] != spec.Throttled {
					t.Errorf("blamed %v, want [%s]:\n%v", got, spec.Throttled, err)
				}
			}
		})
	}
}

func TestInProgressCatchesAMessageWithoutTheARN(t *testing.T) {
	tests := map[string]func(x *exchange){
		"the message names another function": func(x *exchange) {
			x.edit(func(m map[string]any) {
				m["message"] = strings.Replace(m["message"].(string), ":function:", ":function:other-", 1)
			})
		},
		"the message names no resource": func(x *exchange) {
			x.edit(func(m map[string]any) {
				m["message"] = "The operation cannot be performed at this time. An update is in progress for resource: "
			})
		},
		"the ARN without the prescribed text": func(x *exchange) {
			x.edit(func(m map[string]any) {
				m["message"] = "busy: " + m["message"].(string)
			})
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			env := tamperedEnv(t, reference.Options{UpdateDuration: 5 * time.Second}, func(x *exchange, next func()) {
				next()
				if x.Status == 409 {
					change(x)
				}
			})
			wantBlame(t, name, InProgress(ctx(t), env, Zip("a.py", "p")), spec.ConflictInProgress)
		})
	}
	t.Run("a 409 without a message is blamed once, on the wire format", func(t *testing.T) {
		env := tamperedEnv(t, reference.Options{UpdateDuration: 5 * time.Second}, func(x *exchange, next func()) {
			next()
			if x.Status == 409 {
				x.edit(func(m map[string]any) { delete(m, "message") })
			}
		})
		err := InProgress(ctx(t), env, Zip("a.py", "p"))
		if got := clauses(err); len(got) != 1 || got[0] != spec.WireErrorMessage {
			t.Errorf("blamed %v, want [%s]:\n%v", got, spec.WireErrorMessage, err)
		}
	})
	t.Run("an endpoint that never conflicts is reported", func(t *testing.T) {
		env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) { next() })
		wantBlame(t, "no conflict", InProgress(ctx(t), env, Zip("a.py", "p")), spec.ConflictInProgress)
	})
}

func TestLimitChecksSendExactlyNUpdates(t *testing.T) {
	var puts atomic.Int64
	env := tamperedEnv(t, reference.Options{ServiceFaultEvery: 3}, func(x *exchange, next func()) {
		if x.isUpdate() {
			puts.Add(1)
		}
		next()
	})
	if err := ServiceFaults(ctx(t), env, 7, Zip("a.py", "n")); err != nil {
		t.Errorf("false alarm:\n%v", err)
	}
	if got := puts.Load(); got != 7 {
		t.Errorf("ServiceFaults(n=7) sent %d updates", got)
	}
}

func TestVersionsStopsPagingWithoutEnd(t *testing.T) {
	var lists atomic.Int64
	env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
		next()
		if x.isListVersions() {
			lists.Add(1)
			x.edit(func(m map[string]any) { m["NextMarker"] = "again" })
		}
	})
	_, err := Versions(ctx(t), env, spec.PublishMonotonic, env.Gen.Function)
	wantBlame(t, "endless paging", err, spec.PublishMonotonic)
	// Pages 0 through 100 are read; the 102nd is not asked for.
	if got := lists.Load(); got != 101 {
		t.Errorf("read %d pages before giving up, want 101", got)
	}
}

func TestPublishSequenceCatchesAMissingVersion(t *testing.T) {
	tests := map[string]func(m map[string]any){
		"no versions listed": func(m map[string]any) { m["Versions"] = []any{} },
		"the new version not listed": func(m map[string]any) {
			vs := m["Versions"].([]any)
			m["Versions"] = vs[:len(vs)-1]
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			var published atomic.Bool
			env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
				next()
				if x.isUpdate() && x.request()["Publish"] == true {
					published.Store(true)
				}
				if published.Load() && x.isListVersions() {
					x.edit(change)
				}
			})
			wantBlame(t, name, PublishSequence(ctx(t), env, Zip("a.py", "pub")), spec.PublishMonotonic)
		})
	}
}

func TestNameFormsCatchesAnUpdateThatDidNotArrive(t *testing.T) {
	env := tamperedEnv(t, reference.Options{}, func(x *exchange, next func()) {
		next()
		if x.isGetFunction() {
			x.edit(func(m map[string]any) { m["CodeSha256"] = otherHash }, "Configuration")
		}
	})
	wantBlame(t, "stale GetFunction", NameForms(ctx(t), env), spec.NameForms)
}

func TestNameFormsSkipsFormsTheProfileForbids(t *testing.T) {
	// Under the seed a GovCloud region breaks the FunctionName pattern, so
	// the ARN forms are not sent: they would be rejected as NAME-PATTERN,
	// not as a failure of NAME-FORMS.
	var arns atomic.Int64
	env := tamperedEnv(t, reference.Options{Profile: spec.ProfileSeed}, func(x *exchange, next func()) {
		if x.isUpdate() && strings.Contains(x.Req.URL.Path, "us-gov-west-1") && !strings.Contains(x.Req.URL.Path, "LATEST") {
			arns.Add(1)
		}
		next()
	})
	env.Gen.Region = "us-gov-west-1"
	_ = NameForms(ctx(t), env)
	if n := arns.Load(); n != 0 {
		// Only the :$LATEST form, whose clause is NAME-LATEST, is sent.
		t.Errorf("sent %d updates through an unqualified GovCloud ARN under the seed profile", n)
	}
}
