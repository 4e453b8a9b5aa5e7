package check

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

func TestRecordCompactsALargeZipAndRebuildsIt(t *testing.T) {
	const size = 3 << 20
	z := generators.LargeZip(size, size)
	rec := Record{Profile: spec.ProfileAWS, Case: generators.Case{Request: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: z}, Code: z}}
	rec.Compact(size)
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 64<<10 {
		t.Errorf("the compacted record is %d bytes; the recipe should stand for the zip", len(b))
	}
	back, err := ReadRecord(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Case.Request.ZipFile, z) || !bytes.Equal(back.Case.Code, z) {
		t.Errorf("the rebuilt zip differs from the original")
	}

	other := Record{Profile: spec.ProfileAWS, Case: generators.Case{Request: request.UpdateFunctionCode{ZipFile: z}}}
	other.Compact(size + 1)
	if other.LargeZip != nil || other.Case.Request.ZipFile == nil {
		t.Errorf("a zip that is not LargeZip(size, seed) for the given seed was replaced by a recipe")
	}
}

func TestReadRecordRejectsBadFiles(t *testing.T) {
	for name, body := range map[string]string{
		"not json":    "{",
		"bad profile": `{"profile":"azure"}`,
		"huge recipe": `{"profile":"aws","largeZip":{"size":999999999999,"seed":1}}`,
	} {
		if _, err := ReadRecord(bytes.NewReader([]byte(body))); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A case that reads the versioned object without a version ID runs its
// latest version: rebased onto other fixtures, its code is theirs.
func TestRebaseFollowsTheLatestVersion(t *testing.T) {
	old := generators.Env{Function: "f1", Bucket: "b1", Key: "k1", VersionedBucket: "b1-v", VersionedKey: "v1",
		Versions: []generators.ObjectVersion{{ID: "a", Zip: []byte("old-1")}, {ID: "b", Zip: []byte("old-2")}}}
	g := generators.Env{Function: "f2", Bucket: "b2", Key: "k2", VersionedBucket: "b2-v", VersionedKey: "v2",
		Versions: []generators.ObjectVersion{{ID: "c", Zip: []byte("new-1")}, {ID: "d", Zip: []byte("new-2")}}}
	bucket, key := "b1-v", "v1"
	rec := Record{Gen: old, Case: generators.Case{Request: request.UpdateFunctionCode{FunctionName: "f1", S3Bucket: &bucket, S3Key: &key},
		Code: []byte("old-2")}}
	out := rec.Rebase(g)
	if got := string(out.Case.Code); got != "new-2" {
		t.Errorf("rebased code %q, want the new fixtures' latest version %q", got, "new-2")
	}
	if *out.Case.Request.S3Bucket != "b2-v" || *out.Case.Request.S3Key != "v2" || out.Case.Request.FunctionName != "f2" {
		t.Errorf("rebased request %v", out.Case.Request)
	}
}
