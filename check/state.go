package check

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// Zip returns a zip archive holding one file, name, with the given content.
// Checks that need code which differs from step to step build it with Zip.
func Zip(name, content string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.Create(name)
	if err == nil {
		_, err = f.Write([]byte(content))
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		panic("check: writing a zip to memory cannot fail: " + err.Error())
	}
	return b.Bytes()
}

// Update sends req, which uploads code, and checks the answer as Success
// does. It returns the response's configuration when the endpoint answered
// 200 with a JSON object, nil otherwise; the error holds the findings,
// with a rejection blamed on clause, which is then recorded as evaluated
// along with what Success records. After a success it waits for the update
// to finish (see settle). A check that makes several calls goes on after
// findings about an answer that still has a configuration.
func Update(ctx context.Context, env Env, clause spec.ClauseID, req request.UpdateFunctionCode, code []byte) (map[string]any, error) {
	note := func(err error) error {
		for _, f := range Findings(err) {
			f.Input = req.String()
			f.Reproducer = env.Target.Wire.Curl(req)
		}
		return err
	}
	r, err := env.Target.Wire.UpdateFunctionCode(ctx, req)
	if err != nil {
		env.Evaluated.addIn(env.Profile, clause)
		return nil, note(&finding.Finding{Clause: clause, Summary: "the endpoint gave no readable HTTP answer to a valid update",
			Expected: "200", Got: err.Error(), Transport: transportClass(err)})
	}
	if f := unsettled(env.Evaluated, env.Profile, r, lastWaitOf(env)); f != nil {
		return nil, note(f)
	}
	if r.Status != 200 {
		env.Evaluated.addIn(env.Profile, clause)
		return nil, note(&finding.Finding{Clause: clause, Summary: "the endpoint rejected a valid update",
			Expected: "200 with the function's configuration", Got: Describe(r)})
	}
	err = Success(env.Evaluated, env.Profile, env.Gen, req, code, r)
	if f := settle(ctx, env, r, req.DryRun != nil && *req.DryRun); f != nil {
		err = errors.Join(err, f)
	}
	return r.JSON, note(err)
}

// collector gathers the findings of a check that makes several calls,
// keeping one finding per clause and summary, so that a divergence every
// answer shows is reported once.
type collector struct {
	fs   []*finding.Finding
	seen map[string]bool
}

func (c *collector) add(err error) {
	for _, f := range Findings(err) {
		key := string(f.Clause) + "\x00" + f.Summary
		if c.seen == nil {
			c.seen = map[string]bool{}
		}
		if !c.seen[key] {
			c.seen[key] = true
			c.fs = append(c.fs, f)
		}
	}
}

func (c *collector) err() error { return join(c.fs) }

// Function is what GetFunction shows of $LATEST.
type Function struct {
	CodeSha256 string
	CodeSize   int64
	RevisionID string
}

// Get reads $LATEST of the function name through the SDK; a failure is
// blamed on clause.
func Get(ctx context.Context, env Env, clause spec.ClauseID, name string) (Function, error) {
	out, err := env.Target.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)})
	if err != nil {
		return Function{}, &finding.Finding{Clause: clause, Summary: "GetFunction failed on an existing function",
			Expected: "GetFunction " + name + " succeeds", Got: err.Error()}
	}
	if out.Configuration == nil {
		return Function{}, &finding.Finding{Clause: clause, Summary: "GetFunction returned no Configuration",
			Expected: "a Configuration", Got: "none"}
	}
	c := out.Configuration
	return Function{CodeSha256: aws.ToString(c.CodeSha256), CodeSize: c.CodeSize, RevisionID: aws.ToString(c.RevisionId)}, nil
}

// Versions lists the numeric versions of the function name, ascending; a
// failure is blamed on clause.
func Versions(ctx context.Context, env Env, clause spec.ClauseID, name string) ([]int, error) {
	var out []int
	p := lambda.NewListVersionsByFunctionPaginator(env.Target.Lambda, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String(name)})
	for pages := 0; p.HasMorePages(); pages++ {
		if pages > 100 {
			return nil, &finding.Finding{Clause: clause, Summary: "ListVersionsByFunction pages without end",
				Expected: "a final page", Got: "over 100 pages"}
		}
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, &finding.Finding{Clause: clause, Summary: "ListVersionsByFunction failed on an existing function",
				Expected: "a list of versions", Got: err.Error()}
		}
		for _, v := range page.Versions {
			if n, err := strconv.Atoi(aws.ToString(v.Version)); err == nil {
				out = append(out, n)
			}
		}
	}
	sort.Ints(out)
	return out, nil
}

// CodeVisible checks that GetFunction on name shows the code: a CodeSha256
// that is the SHA-256 of code, in any common text form, and its CodeSize.
// How the digest is written is the hash clauses' business, which the
// update's own answer is held to; here a hex or unpadded digest of the
// right bytes still shows the new code, so that one hash fault is not
// also blamed on CODE-VISIBLE.
func CodeVisible(ctx context.Context, env Env, name string, code []byte) error {
	got, err := Get(ctx, env, spec.CodeVisible, name)
	env.Evaluated.addIn(env.Profile, spec.CodeVisible)
	if err != nil {
		return err
	}
	if !SameDigest(got.CodeSha256, code) || got.CodeSize != int64(len(code)) {
		return &finding.Finding{Clause: spec.CodeVisible,
			Summary:  "GetFunction does not show the code of the last update",
			Expected: fmt.Sprintf("CodeSha256 %s, CodeSize %d", Sha256(code), len(code)),
			Got:      fmt.Sprintf("CodeSha256 %s, CodeSize %d", got.CodeSha256, got.CodeSize)}
	}
	return nil
}

// SameDigest reports whether s is the SHA-256 of code written as standard
// or URL-safe base64, padded or not, or as hex in either case: whether s
// names those bytes, whatever its format.
func SameDigest(s string, code []byte) bool {
	sum := sha256.Sum256(code)
	forms := []string{
		base64.StdEncoding.EncodeToString(sum[:]), base64.RawStdEncoding.EncodeToString(sum[:]),
		base64.URLEncoding.EncodeToString(sum[:]), base64.RawURLEncoding.EncodeToString(sum[:]),
	}
	return slices.Contains(forms, s) || strings.EqualFold(s, hex.EncodeToString(sum[:]))
}

// NameForms updates the function through every form of its name (bare,
// full ARN, partial ARNs, :$LATEST) with fresh code each time and checks
// that the update reached the function. GetFunction showing other code than
// that update's (by CodeVisible, which accepts any text form of the right
// digest) is blamed on the name form, not on CODE-VISIBLE, so only the
// forms are recorded for it; a digest in the wrong form is the hash
// clauses' finding, from the update's answer, and not the name form's.
func NameForms(ctx context.Context, env Env) error {
	g := env.Gen
	visible := env
	visible.Evaluated = nil
	forms := []struct {
		name   string
		clause spec.ClauseID
	}{
		{g.Function, spec.NameForms},
		{fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s", g.Partition, g.Region, g.Account, g.Function), spec.NameForms},
		{fmt.Sprintf("%s:function:%s", g.Account, g.Function), spec.NameForms},
		{fmt.Sprintf("%s:%s", g.Account, g.Function), spec.NameForms},
		{"function:" + g.Function, spec.NameForms},
		{g.Function + ":$LATEST", spec.NameLatest},
		{fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s:$LATEST", g.Partition, g.Region, g.Account, g.Function), spec.NameLatest},
	}
	var col collector
	for i, form := range forms {
		if form.clause != spec.NameLatest && !spec.FunctionNamePattern(env.Profile).MatchString(form.name) {
			continue
		}
		code := Zip("index.py", fmt.Sprintf("# name form %d: %s\n", i, form.name))
		req := request.UpdateFunctionCode{FunctionName: form.name, ZipFile: code}
		cfg, err := Update(ctx, env, form.clause, req, code)
		col.add(err)
		if cfg == nil {
			continue
		}
		env.Evaluated.addIn(env.Profile, form.clause)
		if err := CodeVisible(ctx, visible, g.Function, code); err != nil {
			for _, f := range Findings(err) {
				f.Clause = form.clause
				f.Summary = "an update through the name " + form.name + " did not reach the function: " + f.Summary
				f.Input, f.Reproducer = req.String(), env.Target.Wire.Curl(req)
			}
			col.add(err)
		}
	}
	return col.err()
}

// Reupload uploads code twice and checks that the second, identical upload
// is accepted with the same CodeSha256 and, under the aws profile, a new
// RevisionId.
func Reupload(ctx context.Context, env Env, code []byte) error {
	req := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}
	var col collector
	first, err := Update(ctx, env, spec.HashReupload, req, code)
	col.add(err)
	if first == nil {
		return col.err()
	}
	second, err := Update(ctx, env, spec.HashReupload, req, code)
	col.add(err)
	if second == nil {
		return col.err()
	}
	env.Evaluated.addIn(env.Profile, spec.HashReupload)
	if first["CodeSha256"] != second["CodeSha256"] {
		col.add(&finding.Finding{Clause: spec.HashReupload, Summary: "identical code got a different CodeSha256",
			Expected: fmt.Sprintf("CodeSha256 %v both times", first["CodeSha256"]), Got: fmt.Sprintf("%v then %v", first["CodeSha256"], second["CodeSha256"]),
			Input: req.String(), Reproducer: env.Target.Wire.Curl(req)})
	}
	if !spec.MustLookup(spec.RevisionChanges).In(env.Profile) {
		return col.err()
	}
	env.Evaluated.addIn(env.Profile, spec.RevisionChanges)
	r1, _ := first["RevisionId"].(string)
	r2, _ := second["RevisionId"].(string)
	if r1 == "" || r1 == r2 {
		col.add(&finding.Finding{Clause: spec.RevisionChanges, Summary: "re-uploading identical code did not change the RevisionId",
			Expected: "a new RevisionId on every update", Got: fmt.Sprintf("RevisionId %q then %q", r1, r2),
			Input: req.String(), Reproducer: env.Target.Wire.Curl(req)})
	}
	return col.err()
}

// RevisionChanges checks that an update changes the RevisionId GetFunction
// shows, and that the response's RevisionId is no longer the old one.
func RevisionChanges(ctx context.Context, env Env, code []byte) error {
	before, err := Get(ctx, env, spec.RevisionChanges, env.Gen.Function)
	if err != nil {
		return err
	}
	req := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}
	var col collector
	cfg, err := Update(ctx, env, spec.RevisionChanges, req, code)
	col.add(err)
	if cfg == nil {
		return col.err()
	}
	after, err := Get(ctx, env, spec.RevisionChanges, env.Gen.Function)
	if err != nil {
		col.add(err)
		return col.err()
	}
	env.Evaluated.addIn(env.Profile, spec.RevisionChanges)
	resp, _ := cfg["RevisionId"].(string)
	if before.RevisionID == "" || after.RevisionID == before.RevisionID || resp == before.RevisionID {
		col.add(&finding.Finding{Clause: spec.RevisionChanges, Summary: "the update did not change the function's RevisionId",
			Expected: "a RevisionId other than " + strconv.Quote(before.RevisionID),
			Got:      fmt.Sprintf("response RevisionId %q, GetFunction RevisionId %q", resp, after.RevisionID),
			Input:    req.String(), Reproducer: env.Target.Wire.Curl(req)})
	}
	return col.err()
}

// RevisionMismatch checks both halves of the RevisionId rule, as
// RevisionStale and then RevisionMatching do. It stays for callers of the
// check from before the rule was split (REVISION-MISMATCH).
func RevisionMismatch(ctx context.Context, env Env, code []byte) error {
	if err := RevisionStale(ctx, env, code); err != nil {
		return err
	}
	return RevisionMatching(ctx, env, code)
}

// RevisionStale sends an update whose RevisionId is not the function's
// and requires 412 PreconditionFailedException with the function's code
// unchanged (REVISION-STALE).
func RevisionStale(ctx context.Context, env Env, code []byte) error {
	before, err := Get(ctx, env, spec.RevisionStale, env.Gen.Function)
	if err != nil {
		return err
	}
	stale := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code, RevisionId: aws.String("00000000-0000-0000-0000-000000000000")}
	if before.RevisionID == *stale.RevisionId {
		stale.RevisionId = aws.String("11111111-1111-1111-1111-111111111111")
	}
	want, _ := spec.Expect(env.Profile, []spec.ClauseID{spec.RevisionStale})
	r, err := env.Target.Wire.UpdateFunctionCode(ctx, stale)
	if err != nil {
		env.Evaluated.addIn(env.Profile, spec.RevisionStale)
		return &finding.Finding{Clause: spec.RevisionStale, Summary: "the endpoint gave no readable HTTP answer",
			Expected: want.String(), Got: err.Error(), Transport: transportClass(err), Input: stale.String(), Reproducer: env.Target.Wire.Curl(stale)}
	}
	if f := settle(ctx, env, r, false); f != nil {
		return f
	}
	if err := ErrorResponse(env.Evaluated, env.Profile, want, spec.RevisionStale, r); err != nil {
		for _, f := range Findings(err) {
			f.Input, f.Reproducer = stale.String(), env.Target.Wire.Curl(stale)
		}
		return err
	}
	if after, err := Get(ctx, env, spec.RevisionStale, env.Gen.Function); err != nil {
		return err
	} else if after.CodeSha256 != before.CodeSha256 {
		return &finding.Finding{Clause: spec.RevisionStale, Summary: "the rejected update changed the code anyway",
			Expected: "CodeSha256 " + before.CodeSha256, Got: "CodeSha256 " + after.CodeSha256, Input: stale.String()}
	}
	return nil
}

// RevisionMatching sends an update that carries the function's current
// RevisionId, as GetFunction shows it, and requires it to succeed as any
// valid update does (REVISION-MATCHING).
func RevisionMatching(ctx context.Context, env Env, code []byte) error {
	before, err := Get(ctx, env, spec.RevisionMatching, env.Gen.Function)
	if err != nil {
		return err
	}
	current := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code, RevisionId: aws.String(before.RevisionID)}
	env.Evaluated.addIn(env.Profile, spec.RevisionMatching)
	_, err = Update(ctx, env, spec.RevisionMatching, current, code)
	return err
}

// DryRunUnchanged sends new code with DryRun, then with DryRun and Publish,
// and checks that neither changed the function's code or its versions.
func DryRunUnchanged(ctx context.Context, env Env, code []byte) error {
	name := env.Gen.Function
	before, err := Get(ctx, env, spec.DryRunUnchanged, name)
	if err != nil {
		return err
	}
	versions, err := Versions(ctx, env, spec.DryRunUnchanged, name)
	if err != nil {
		return err
	}
	var col collector
	for _, publish := range []bool{false, true} {
		req := request.UpdateFunctionCode{FunctionName: name, ZipFile: code, DryRun: aws.Bool(true), Publish: aws.Bool(publish)}
		cfg, err := Update(ctx, env, spec.DryRunUnchanged, req, code)
		col.add(err)
		if cfg == nil {
			return col.err()
		}
		after, err := Get(ctx, env, spec.DryRunUnchanged, name)
		if err != nil {
			return err
		}
		now, err := Versions(ctx, env, spec.DryRunUnchanged, name)
		if err != nil {
			return err
		}
		env.Evaluated.addIn(env.Profile, spec.DryRunUnchanged)
		if after.CodeSha256 != before.CodeSha256 || after.CodeSize != before.CodeSize || fmt.Sprint(now) != fmt.Sprint(versions) {
			col.add(&finding.Finding{Clause: spec.DryRunUnchanged, Summary: "a DryRun update changed the function",
				Expected: fmt.Sprintf("CodeSha256 %s, CodeSize %d, versions %v", before.CodeSha256, before.CodeSize, versions),
				Got:      fmt.Sprintf("CodeSha256 %s, CodeSize %d, versions %v", after.CodeSha256, after.CodeSize, now),
				Input:    req.String(), Reproducer: env.Target.Wire.Curl(req)})
			return col.err()
		}
	}
	return col.err()
}

// PublishSequence publishes code twice, the second time unchanged, and
// checks that each update created the next numeric version, that the
// responses describe those versions, and that ListVersionsByFunction and
// GetFunction agree.
func PublishSequence(ctx context.Context, env Env, code []byte) error {
	name := env.Gen.Function
	versions, err := Versions(ctx, env, spec.PublishMonotonic, name)
	if err != nil {
		return err
	}
	last := 0
	if len(versions) > 0 {
		last = versions[len(versions)-1]
	}
	req := request.UpdateFunctionCode{FunctionName: name, ZipFile: code, Publish: aws.Bool(true)}
	var col collector
	for i := 1; i <= 2; i++ {
		cfg, err := Update(ctx, env, spec.PublishVersion, req, code)
		col.add(err)
		if cfg == nil {
			return col.err()
		}
		want := strconv.Itoa(last + i)
		env.Evaluated.addIn(env.Profile, spec.PublishMonotonic)
		if v, _ := cfg["Version"].(string); v != want {
			col.add(&finding.Finding{Clause: spec.PublishMonotonic, Summary: "Publish did not create the next version",
				Expected: "Version " + want, Got: fmt.Sprintf("Version %q", v), Input: req.String(), Reproducer: env.Target.Wire.Curl(req)})
			return col.err()
		}
		now, err := Versions(ctx, env, spec.PublishMonotonic, name)
		if err != nil {
			col.add(err)
			return col.err()
		}
		if len(now) == 0 || now[len(now)-1] != last+i {
			col.add(&finding.Finding{Clause: spec.PublishMonotonic, Summary: "ListVersionsByFunction does not show the published version",
				Expected: "versions ending in " + want, Got: fmt.Sprintf("versions %v", now), Input: req.String()})
			return col.err()
		}
	}
	col.add(CodeVisible(ctx, env, name, code))
	return col.err()
}

func transportClass(err error) string {
	if c := wireClass(err); c != "" {
		return c
	}
	return "error"
}
