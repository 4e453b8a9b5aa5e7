package campaign

import (
	"context"
	"fmt"
	"strings"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// differ sends c to both endpoints, each against its own fixtures, and
// returns the difference of their answers' outcome classes as one
// signature, or nothing when they agree.
func (cm *campaign) differ(ctx context.Context, w *worker, c generators.Case) []*finding.Finding {
	other := check.Record{Profile: cm.cfg.Profile, Gen: w.a.env.Gen, Case: c}.Rebase(w.b.env.Gen).Case
	cm.requests.Add(2)
	w.send.Lock()
	ra, ea := w.a.env.Target.Wire.UpdateFunctionCode(ctx, c.Request)
	cm.settle(ctx, w.a, ra)
	rb, eb := w.b.env.Target.Wire.UpdateFunctionCode(ctx, other.Request)
	cm.settle(ctx, w.b, rb)
	w.a.published.note(ctx, w.a, ra, cm.cfg.Progress)
	w.b.published.note(ctx, w.b, rb, cm.cfg.Progress)
	w.send.Unlock()
	if ctx.Err() != nil {
		// Interrupted: an answer cut short is no difference.
		return nil
	}
	// Under DryRun the answer describes the function as it stays, not the
	// code sent: the hash and size say nothing comparable.
	codeA, codeB := c.Code, other.Code
	dry := c.Request.DryRun != nil && *c.Request.DryRun
	if dry {
		codeA, codeB = nil, nil
	}
	a, b := OutcomeClass(ra, ea, codeA), OutcomeClass(rb, eb, codeB)
	if a == b {
		return nil
	}
	// The clause is the one the request exercises: where the catalogue
	// has a rule for it, one of the two answers breaks it. A version
	// published under DryRun breaks DRYRUN-UNCHANGED, not the Publish rule.
	clause := check.Exercised(cm.cfg.Profile, c)
	if accepted(ra, ea) && accepted(rb, eb) {
		clause = acceptedDifference(c, dry, a, b)
	}
	return []*finding.Finding{{Clause: clause, Class: c.Class,
		Summary:  "the two endpoints answered the same request differently",
		Expected: "as the other endpoint: " + b, Got: a,
		Input: c.String(), Reproducer: w.a.env.Target.Wire.Curl(c.Request)}}
}

const publishedVersion = ", a published version"

func accepted(r *wire.Response, err error) bool {
	return err == nil && r.Status >= 200 && r.Status < 300
}

// acceptedDifference returns the clause two answers that both accept c
// differ on: the version they name (under DryRun, none may be published),
// else the code they describe (the object version S3ObjectVersion selects,
// or the hash and size of the code sent).
func acceptedDifference(c generators.Case, dry bool, a, b string) spec.ClauseID {
	req := c.Request
	switch {
	case strings.HasSuffix(a, publishedVersion) != strings.HasSuffix(b, publishedVersion):
		if dry {
			return spec.DryRunUnchanged
		}
		if req.Publish != nil && *req.Publish {
			return spec.PublishVersion
		}
		return spec.PublishLatest
	case req.S3ObjectVersion != nil:
		return spec.VersionSelects
	case req.HasZipFile():
		return spec.HashInline
	}
	return spec.HashS3
}

// OutcomeClass sums an answer up as the class differential mode compares:
// the transport failure, or the status and error type, and for a success
// whether CodeSha256 and CodeSize describe code (the package the request
// sent, nil when unknown) and which version it names.
func OutcomeClass(r *wire.Response, err error, code []byte) string {
	if err != nil {
		class := "error"
		if te, ok := err.(*wire.TransportError); ok {
			class = string(te.Class)
		}
		return "no answer (" + class + ")"
	}
	if r.Status >= 300 || r.Status < 200 {
		t := r.ErrorType
		if t == "" {
			t = "no error type"
		}
		return fmt.Sprintf("%d %s", r.Status, t)
	}
	s := fmt.Sprintf("%d", r.Status)
	if r.JSON == nil {
		return s + " without a JSON body"
	}
	if code != nil {
		hash, _ := r.JSON["CodeSha256"].(string)
		switch {
		case hash == "":
			s += ", no CodeSha256"
		case hash != check.Sha256(code):
			s += ", wrong CodeSha256"
		}
		size, ok := r.JSON["CodeSize"].(float64)
		switch {
		case !ok:
			s += ", no CodeSize"
		case int(size) != len(code):
			s += ", wrong CodeSize"
		}
	}
	if v, _ := r.JSON["Version"].(string); v == "$LATEST" {
		s += ", $LATEST"
	} else if v != "" {
		s += publishedVersion
	} else {
		s += ", no Version"
	}
	return s
}
