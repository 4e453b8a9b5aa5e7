package generators

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// isBomb reports whether b is the shared zip bomb, which the properties
// leave to TestClassifyJudgesTheZipBomb because reading it takes a while.
func isBomb(b []byte) bool {
	bomb := ZipBomb()
	return len(b) == len(bomb) && bytes.Equal(b, bomb)
}

// TestClassifyAgreesWithTheGenerators judges every generated request again
// from its bytes alone, so the class-based claims and the byte-based
// judgement check each other.
func TestClassifyAgreesWithTheGenerators(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	rapid.Check(t, func(t *rapid.T) {
		c := Requests(env).Draw(t, "case")
		if isBomb(c.Request.ZipFile) {
			t.Skip("the zip bomb is judged once in TestClassifyJudgesTheZipBomb")
		}
		got := Classify(env, c.Class, c.Request)
		if !sameClauses(got.Breaks, c.Breaks) {
			t.Fatalf("Classify finds %v, the generator claims %v\n%v", got.Breaks, c.Breaks, c)
		}
		if !bytes.Equal(got.Code, c.Code) || got.Class != c.Class {
			t.Fatalf("Classify deploys %d bytes as %s, the generator %d bytes as %s", len(got.Code), got.Class, len(c.Code), c.Class)
		}
	})
}

func TestZipBreaksAgreesWithTheZipClasses(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		z := Zips(ZipOptions{MaxSize: 128 << 10}).Draw(t, "zip")
		if isBomb(z.Value.Bytes) {
			t.Skip("the zip bomb is judged once in TestClassifyJudgesTheZipBomb")
		}
		if got := ZipBreaks(z.Value.Bytes); !sameClauses(got, z.Breaks) {
			t.Fatalf("ZipBreaks finds %v in a %s zip, which claims %v", got, z.Class, z.Breaks)
		}
	})
}

func TestClassifyJudgesTheZipBomb(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	c := Classify(env, "example", request.UpdateFunctionCode{FunctionName: env.Function, ZipFile: ZipBomb()})
	if !sameClauses(c.Breaks, []spec.ClauseID{spec.ZipUnzippedLarge}) {
		t.Errorf("the bomb is judged %v", c.Breaks)
	}
}

// TestClassifyReadsWhatIsSent judges requests whose content hides in text:
// a body that is a well-typed object, member names that differ in case, and
// ZipFile text that is valid base64.
func TestClassifyReadsWhatIsSent(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	zipText := base64.StdEncoding.EncodeToString(env.KeyZip)
	tests := []struct {
		name string
		r    request.UpdateFunctionCode
		want []spec.ClauseID
		code []byte
	}{
		{"well-typed raw body", request.UpdateFunctionCode{RawBody: []byte(`{"S3Bucket":"` + env.Bucket + `","S3Key":"` + env.Key + `","Publish":null}`)}, nil, env.KeyZip},
		{"member names in the wrong case", request.UpdateFunctionCode{RawBody: []byte(`{"s3bucket":"` + env.Bucket + `","s3key":"` + env.Key + `"}`)}, []spec.ClauseID{spec.SourceNone}, nil},
		{"valid base64 text", request.UpdateFunctionCode{ZipFileText: &zipText}, nil, env.KeyZip},
		{"base64 text of no zip", request.UpdateFunctionCode{ZipFileText: request.String("QUJD")}, []spec.ClauseID{spec.ZipNotZip}, nil},
		{"a string for Publish", request.UpdateFunctionCode{RawBody: []byte(`{"ZipFile":"` + zipText + `","Publish":"yes"}`)}, []spec.ClauseID{spec.RequestMalformed}, nil},
		{"trailing data", request.UpdateFunctionCode{RawBody: []byte(`{"ZipFile":"` + zipText + `"} {}`)}, []spec.ClauseID{spec.RequestMalformed}, nil},
		{"null body", request.UpdateFunctionCode{RawBody: []byte(`null`)}, []spec.ClauseID{spec.RequestMalformed}, nil},
	}
	for _, tt := range tests {
		tt.r.FunctionName = env.Function
		c := Classify(env, "example", tt.r)
		if !sameClauses(c.Breaks, tt.want) {
			t.Errorf("%s: Classify finds %v, want %v", tt.name, c.Breaks, tt.want)
		}
		if tt.want == nil && !bytes.Equal(c.Code, tt.code) {
			t.Errorf("%s: deploys %d bytes, want %d", tt.name, len(c.Code), len(tt.code))
		}
	}
}
