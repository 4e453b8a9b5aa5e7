package generators_test

import (
	"archive/zip"
	"bytes"
	"fmt"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

func exampleEnv() generators.Env {
	var code bytes.Buffer
	w := zip.NewWriter(&code)
	f, _ := w.Create("index.py")
	f.Write([]byte("def handler(event, context): return 1\n"))
	w.Close()
	return generators.Env{
		Profile: spec.ProfileAWS, Partition: "aws", Region: "us-east-1", Account: "123456789012",
		Function: "fn", Missing: "lc-missing-1", Bucket: "code-bucket", Key: "fn.zip", KeyZip: code.Bytes(),
	}
}

// Classify judges a request built by hand; Expect says what an endpoint
// must answer under each profile.
func ExampleClassify() {
	env := exampleEnv()
	c := generators.Classify(env, "example", request.UpdateFunctionCode{
		FunctionName:  "arn:aws:lambda:us-east-1:123456789012:function:fn:7",
		S3Bucket:      request.String("code-bucket"),
		Architectures: []string{"ARM64"},
	})
	fmt.Println(c.Breaks)
	for _, p := range spec.Profiles {
		o, by := c.Expect(p)
		fmt.Println(p, o.Status, by)
	}
	// Output:
	// [NAME-QUALIFIER SOURCE-S3-INCOMPLETE ARCH-ENUM]
	// aws 400 ARCH-ENUM
	// seed 400 NAME-QUALIFIER
}

// A suite draws whole requests inside a rapid property, sends each and
// compares the answer with c.Expect(env.Profile).
func ExampleRequests() {
	env := exampleEnv()
	c := generators.Requests(env).Example(0)
	o, _ := c.Expect(env.Profile)
	info, _ := generators.LookupClass(c.Class)
	fmt.Println(info.Name == c.Class, o.IsError() == (len(c.Breaks) > 0))
	// Output: true true
}
