package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/spec"
)

// MaxRecordSize bounds a case file: the largest case the suites write holds
// a zip just over the 50 MiB limit, base64 encoded twice over.
const MaxRecordSize = 256 << 20

// Record is a case file: one request that showed a divergence, with the
// fixtures it was drawn against and the finding it produced, so that
// lambdaconf replay can send it again.
type Record struct {
	Profile spec.Profile     `json:"profile"`
	Gen     generators.Env   `json:"env"`
	Case    generators.Case  `json:"case"`
	Finding *finding.Finding `json:"finding,omitempty"`
	// LargeZip, when set, stands for both the request's ZipFile and the
	// case's Code, which a file would otherwise hold twice at tens of
	// megabytes: they are generators.LargeZip(LargeZip.Size,
	// LargeZip.Seed).
	LargeZip *LargeZipRecipe `json:"largeZip,omitempty"`
}

// LargeZipRecipe names an archive generators.LargeZip builds.
type LargeZipRecipe struct {
	Size int    `json:"size"`
	Seed uint64 `json:"seed"`
}

// compactFrom is the inline package size from which Compact looks for a
// recipe.
const compactFrom = 1 << 20

// Compact replaces a large inline package with its recipe when it is
// generators.LargeZip(size, seed) for the given seed, as the suites' size
// examples are.
func (rec *Record) Compact(seed uint64) {
	z := rec.Case.Request.ZipFile
	if len(z) < compactFrom || rec.Case.Request.ZipFileText != nil || !bytes.Equal(z, generators.LargeZip(len(z), seed)) {
		return
	}
	if rec.Case.Code != nil && !bytes.Equal(rec.Case.Code, z) {
		return
	}
	rec.LargeZip = &LargeZipRecipe{Size: len(z), Seed: seed}
	rec.Case.Request.ZipFile, rec.Case.Code = nil, nil
}

// ReadRecord decodes a case file from r, reading at most MaxRecordSize
// bytes.
func ReadRecord(r io.Reader) (Record, error) {
	var rec Record
	dec := json.NewDecoder(io.LimitReader(r, MaxRecordSize))
	if err := dec.Decode(&rec); err != nil {
		return rec, fmt.Errorf("decoding the case file: %w (is it a file from REPORT_DIR/cases?)", err)
	}
	if _, err := spec.ParseProfile(string(rec.Profile)); err != nil {
		return rec, fmt.Errorf("the case file's profile: %w", err)
	}
	if z := rec.LargeZip; z != nil {
		if z.Size < compactFrom || z.Size > MaxRecordSize {
			return rec, fmt.Errorf("the case file's largeZip size %d is outside %d..%d bytes", z.Size, compactFrom, MaxRecordSize)
		}
		rec.Case.Request.ZipFile = generators.LargeZip(z.Size, z.Seed)
		rec.Case.Code = rec.Case.Request.ZipFile
		rec.LargeZip = nil
	}
	return rec, nil
}

// Rebase rewrites rec for fixtures g created afresh under other names: each
// occurrence of a recorded fixture name or object version ID in the request
// is replaced by the new one, and the case's code follows the new versions.
func (rec Record) Rebase(g generators.Env) Record {
	old := rec.Gen
	out := rec
	out.Gen = g
	r := rec.Case.Request
	swap := func(s, from, to string) string {
		if from == "" || from == to {
			return s
		}
		return strings.ReplaceAll(s, from, to)
	}
	r.FunctionName = swap(r.FunctionName, old.Function, g.Function)
	r.FunctionName = swap(r.FunctionName, ":"+old.Account+":", ":"+g.Account+":")
	str := func(p *string, pairs ...[2]string) *string {
		if p == nil {
			return nil
		}
		s := *p
		for _, kv := range pairs {
			if s == kv[0] {
				s = kv[1]
				break
			}
		}
		return &s
	}
	r.S3Bucket = str(r.S3Bucket, [2]string{old.Bucket, g.Bucket}, [2]string{old.VersionedBucket, g.VersionedBucket})
	r.S3Key = str(r.S3Key, [2]string{old.Key, g.Key}, [2]string{old.VersionedKey, g.VersionedKey})
	if r.S3ObjectVersion != nil {
		for i, v := range old.Versions {
			if i < len(g.Versions) && *r.S3ObjectVersion == v.ID {
				r.S3ObjectVersion = &g.Versions[i].ID
				out.Case.Code = g.Versions[i].Zip
			}
		}
	}
	if r.S3Bucket != nil && r.S3Key != nil && *r.S3Bucket == g.Bucket && *r.S3Key == g.Key && r.S3ObjectVersion == nil {
		out.Case.Code = g.KeyZip
	}
	// The versioned object without a version ID is its latest version.
	if r.S3Bucket != nil && r.S3Key != nil && *r.S3Bucket == g.VersionedBucket && *r.S3Key == g.VersionedKey &&
		r.S3ObjectVersion == nil && len(old.Versions) > 0 && len(g.Versions) > 0 &&
		bytes.Equal(rec.Case.Code, old.Versions[len(old.Versions)-1].Zip) {
		out.Case.Code = g.Versions[len(g.Versions)-1].Zip
	}
	out.Case.Request = r
	return out
}
