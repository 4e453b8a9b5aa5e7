package check

import (
	"context"
	"encoding/base64"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// FuzzOutcome sends arbitrary names and bodies to the embedded reference
// and requires an answer, in time, that some clause of the catalogue
// explains, in the error wire format.
func FuzzOutcome(f *testing.F) {
	env, _ := referenceEnv(f, reference.Options{})
	zip := base64.StdEncoding.EncodeToString(Zip("index.py", "# fuzz\n"))
	f.Add(env.Gen.Function, []byte(`{"ZipFile":"`+zip+`"}`))
	f.Add(env.Gen.Function, []byte(`{"ZipFile":"`+zip+`","S3Bucket":"b"}`))
	f.Add(env.Gen.Function+":1", []byte(`{"ZipFile":"`+zip+`","Publish":true}`))
	f.Add("arn:aws:lambda:us-east-1:123456789012:function:x", []byte(`{}`))
	f.Add("", []byte(`{"S3Bucket":"`+env.Gen.Bucket+`","S3Key":"`+env.Gen.Key+`"}`))
	f.Add("fn.dot", []byte(`{"ZipFile":"!!"}`))
	f.Add(env.Gen.Function, []byte(`{"ZipFile":`))
	f.Add(env.Gen.Function, []byte(`[1,2,3]`))
	f.Add(env.Gen.Function, []byte("\x00\xff"))
	f.Add("a/b%2F..", []byte(`{"Architectures":[]}`))
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		req := request.UpdateFunctionCode{FunctionName: name, RawBody: body}
		r, err := env.Target.Wire.UpdateFunctionCode(ctx, req)
		if err != nil {
			t.Fatalf("no answer to %s: %v", req.String(), err)
		}
		if _, err := Classify(spec.ProfileAWS, r); err != nil {
			t.Fatalf("%s\n%v", req.String(), err)
		}
	})
}
