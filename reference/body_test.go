package reference

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzMembers checks the hand-written object splitter against
// encoding/json: on valid UTF-8 without a ZipFile member (whose string the
// splitter leaves to decodeBlob), it accepts exactly the JSON objects and
// finds the same members with the same values.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{}`, ` {"a":1 , "b":[1,{"c":"}"}]}`, `{"a":"\"\\"}`, `{"a":1}x`, `{"a":[}`, `{"a" 1}`, `{"a":tru}`,
		`{"a":"x","a":"y"}`, `{"S3Key":"k\n"}`, `[1]`, `{"a":{"b":"]"}}`, `{"\u0041":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !utf8.Valid(body) || len(bytes.TrimSpace(body)) == 0 {
			return
		}
		m, e := members(body)
		var want map[string]json.RawMessage
		werr := json.Unmarshal(body, &want)
		if _, hasZip := want["ZipFile"]; hasZip || bytes.Contains(body, []byte("ZipFile")) {
			return
		}
		if (e == nil) != (werr == nil && bytes.TrimSpace(body)[0] == '{') {
			t.Fatalf("members error %v, encoding/json error %v, for %q", e, werr, body)
		}
		if e != nil {
			return
		}
		if len(m) != len(want) {
			t.Fatalf("members found %d members, encoding/json %d, in %q", len(m), len(want), body)
		}
		for k, v := range want {
			var a, b bytes.Buffer
			if err := json.Compact(&a, v); err != nil {
				t.Fatal(err)
			}
			if err := json.Compact(&b, m[k]); err != nil {
				t.Fatalf("member %q value %q does not compact: %v", k, m[k], err)
			}
			if a.String() != b.String() {
				t.Fatalf("member %q = %q, encoding/json says %q", k, m[k], v)
			}
		}
	})
}
