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
