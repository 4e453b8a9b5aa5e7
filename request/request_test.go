package request

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"testing"

	"pgregory.net/rapid"
)

func TestBodyReaderMatchesBody(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := UpdateFunctionCode{FunctionName: rapid.String().Draw(t, "name")}
		if rapid.Bool().Draw(t, "zip") {
			r.ZipFile = rapid.SliceOf(rapid.Byte()).Draw(t, "zipBytes")
		}
		if rapid.Bool().Draw(t, "bucket") {
			r.S3Bucket = String(rapid.String().Draw(t, "bucketName"))
		}
		if rapid.Bool().Draw(t, "publish") {
			r.Publish = Bool(rapid.Bool().Draw(t, "publishValue"))
		}
		want := r.Body()
		rd, n := r.BodyReader()
		got, err := io.ReadAll(rd)
		if err != nil {
			t.Fatalf("reading the body: %v", err)
		}
		if !bytes.Equal(got, want) || n != int64(len(want)) {
			t.Fatalf("BodyReader gave %q (%d), Body gave %q", got, n, want)
		}
		var m map[string]any
		if err := json.Unmarshal(want, &m); err != nil {
			t.Fatalf("the body is not JSON: %v: %s", err, want)
		}
		if r.ZipFile != nil {
			dec, err := base64.StdEncoding.DecodeString(m["ZipFile"].(string))
			if err != nil || !bytes.Equal(dec, r.ZipFile) {
				t.Fatalf("ZipFile does not decode to the zip bytes: %v", err)
			}
		}
	})
}

func TestPathEscapesTheName(t *testing.T) {
	r := UpdateFunctionCode{FunctionName: "a/b%c d"}
	if got, want := r.Path(), "/2015-03-31/functions/a%2Fb%25c%20d/code"; got != want {
		t.Errorf("Path() = %q, want %q", got, want)
	}
}

func TestBodySizeMatchesBody(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := UpdateFunctionCode{FunctionName: "f"}
		if rapid.Bool().Draw(t, "zip") {
			r.ZipFile = rapid.SliceOf(rapid.Byte()).Draw(t, "zipBytes")
		}
		if rapid.Bool().Draw(t, "key") {
			r.S3Key = String(rapid.String().Draw(t, "keyName"))
		}
		if got, want := r.BodySize(), int64(len(r.Body())); got != want {
			t.Fatalf("BodySize() = %d, len(Body()) = %d", got, want)
		}
	})
}
