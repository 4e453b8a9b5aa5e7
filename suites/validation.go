package suites

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// example builds a request that breaks one clause against the fixtures of
// g, and lists every clause it breaks: the one it is about and those of
// later stages it cannot help breaking, such as a missing function behind
// a malformed name.
type example func(g generators.Env) generators.Case

func withCode(g generators.Env, r request.UpdateFunctionCode) request.UpdateFunctionCode {
	r.FunctionName = g.Function
	r.ZipFile = check.Zip("index.py", "# valid\n")
	return r
}

func s3(bucket, key string) request.UpdateFunctionCode {
	return request.UpdateFunctionCode{S3Bucket: request.String(bucket), S3Key: request.String(key)}
}

func named(name string, also ...spec.ClauseID) example {
	return func(g generators.Env) generators.Case {
		name := strings.ReplaceAll(name, "FN", g.Function)
		name = strings.ReplaceAll(name, "ACCOUNT", g.Account)
		name = strings.ReplaceAll(name, "REGION", g.Region)
		name = strings.ReplaceAll(name, "OTHER", otherRegion(g.Region))
		name = strings.ReplaceAll(name, "MISSING", g.Missing)
		code := check.Zip("index.py", "# valid\n")
		return generators.Case{Class: "example", Request: request.UpdateFunctionCode{FunctionName: name, ZipFile: code},
			Breaks: append(spec.CheckFunctionName(name), also...), Code: code}
	}
}

func otherRegion(r string) string {
	if r == "ap-southeast-1" {
		return "eu-west-1"
	}
	return "ap-southeast-1"
}

func bucketed(bucket string) example {
	return func(g generators.Env) generators.Case {
		r := s3(bucket, g.Key)
		r.FunctionName = g.Function
		return generators.Case{Class: "example", Request: r, Breaks: append(spec.CheckBucket(bucket), spec.BucketNotFound)}
	}
}

func keyed(key string) example {
	return func(g generators.Env) generators.Case {
		r := s3(g.Bucket, key)
		r.FunctionName = g.Function
		return generators.Case{Class: "example", Request: r, Breaks: append(spec.CheckKey(key), spec.KeyNotFound)}
	}
}

func versioned(version string) example {
	return func(g generators.Env) generators.Case {
		r := s3(g.VersionedBucket, g.VersionedKey)
		r.FunctionName = g.Function
		r.S3ObjectVersion = request.String(version)
		return generators.Case{Class: "example", Request: r, Breaks: append(spec.CheckObjectVersion(version), spec.VersionNotFound)}
	}
}

func coded(code []byte, breaks ...spec.ClauseID) example {
	return func(g generators.Env) generators.Case {
		return generators.Case{Class: "example", Request: request.UpdateFunctionCode{FunctionName: g.Function, ZipFile: code}, Breaks: breaks, Code: code}
	}
}

func archs(list ...string) example {
	return func(g generators.Env) generators.Case {
		r := withCode(g, request.UpdateFunctionCode{Architectures: list})
		if list == nil {
			r.Architectures = []string{}
		}
		return generators.Case{Class: "example", Request: r, Breaks: spec.CheckArchitectures(r.Architectures), Code: r.ZipFile}
	}
}

func raw(body string, breaks ...spec.ClauseID) example {
	return func(g generators.Env) generators.Case {
		return generators.Case{Class: "example", Request: request.UpdateFunctionCode{FunctionName: g.Function, RawBody: []byte(body)}, Breaks: breaks}
	}
}

func emptyZip() []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// oversized builds a ZipFile request of a zip of n bytes and lists the size
// clauses it breaks. The zip is generators.LargeZip(n, n), which lets a case
// file record it as a recipe (check.Record.Compact).
func oversized(n int) example {
	return func(g generators.Env) generators.Case {
		code := generators.LargeZip(n, uint64(n))
		r := request.UpdateFunctionCode{FunctionName: g.Function, ZipFile: code}
		_, size := r.BodyReader()
		var breaks []spec.ClauseID
		switch {
		case size > spec.MaxRequestSizeAWS:
			breaks = append(breaks, spec.RequestTooLarge)
		case size > spec.MaxRequestSizeSeed:
			breaks = append(breaks, spec.RequestTooLargeSeed)
		}
		if len(code) > spec.MaxZippedSize {
			breaks = append(breaks, spec.ZipTooLarge)
		}
		return generators.Case{Class: "example", Request: r, Breaks: breaks, Code: code}
	}
}

var _ = Describe("Request validation", Label("validation"), func() {
	DescribeTable("a request that breaks a clause is answered as the clause prescribes",
		func(ctx SpecContext, id spec.ClauseID, needsVersions bool, build example) {
			requireProfile(id)
			env := newEnv(ctx)
			if needsVersions {
				requireVersions(env)
			}
			c := build(env.Gen)
			switch _, decider := c.Expect(profile); decider {
			case id:
			case "":
				Fail(fmt.Sprintf("the example for %s breaks no clause of the %s profile: the table entry is wrong", id, profile))
			default:
				Skip(fmt.Sprintf("under the %s profile this request is decided by %s, which its own entry checks", profile, decider))
			}
			report(env, &c, "", check.Outcome(ctx, env, c))
		},
		func(id spec.ClauseID, needsVersions bool, build example) string {
			return fmt.Sprintf("%s: %s", id, spec.MustLookup(id).Rule)
		},
		entry(spec.NameEmpty, named("")),
		entry(spec.NameTooLong, func(g generators.Env) generators.Case {
			arn := fmt.Sprintf("arn:%s:lambda:%s:%s:function:", g.Partition, g.Region, g.Account)
			return named(arn+strings.Repeat("n", spec.MaxFunctionNameLength+1-len(arn)), spec.NameNotFound)(g)
		}),
		entry(spec.NameBareTooLong, named(strings.Repeat("a", 65), spec.NameNotFound)),
		entry(spec.NamePattern, named("FN.with.dots")),
		entry(spec.NamePartitionSeed, named("arn:aws-cn:lambda:cn-north-1:ACCOUNT:function:FN", spec.NameOtherRegion)),
		entry(spec.NameOtherRegion, named("arn:aws:lambda:OTHER:ACCOUNT:function:FN", spec.NameOtherRegion)),
		entry(spec.NameOtherAccount, func(g generators.Env) generators.Case {
			other := "000000000000"
			if g.Account == other {
				other = "111111111111"
			}
			return named(fmt.Sprintf("arn:%s:lambda:REGION:%s:function:FN", g.Partition, other), spec.NameOtherAccount, spec.NameNotFound)(g)
		}),
		entry(spec.NameQualifier, named("FN:1", spec.NameQualifier)),
		entry(spec.NameNotFound, named("MISSING-function", spec.NameNotFound)),
		entry(spec.BucketTooShort, bucketed("ab")),
		entry(spec.BucketTooLong, bucketed(strings.Repeat("b", 64))),
		entry(spec.BucketPattern, bucketed("bucket/with/slashes")),
		entry(spec.BucketTrailingDot, bucketed("bucket.")),
		entry(spec.BucketNotFound, func(g generators.Env) generators.Case { return bucketed(g.Missing + "-bucket")(g) }),
		entry(spec.KeyEmpty, keyed("")),
		entry(spec.KeyTooLong, keyed(strings.Repeat("k", 1025))),
		entry(spec.KeyLineBreak, keyed("code/line\nbreak.zip")),
		entry(spec.KeyNotFound, func(g generators.Env) generators.Case { return keyed(g.Missing + "/code.zip")(g) }),
		versionEntry(spec.VersionEmpty, versioned("")),
		versionEntry(spec.VersionTooLong, versioned(strings.Repeat("v", 1025))),
		versionEntry(spec.VersionLineBreak, versioned("v\n1")),
		versionEntry(spec.VersionNotFound, func(g generators.Env) generators.Case { return versioned(g.Missing + "version")(g) }),
		entry(spec.SourceNone, func(g generators.Env) generators.Case {
			return generators.Case{Class: "example", Request: request.UpdateFunctionCode{FunctionName: g.Function}, Breaks: []spec.ClauseID{spec.SourceNone}}
		}),
		entry(spec.SourceConflict, func(g generators.Env) generators.Case {
			r := withCode(g, s3(g.Bucket, g.Key))
			return generators.Case{Class: "example", Request: r, Breaks: []spec.ClauseID{spec.SourceConflict}}
		}),
		entry(spec.SourceS3Incomplete, func(g generators.Env) generators.Case {
			r := request.UpdateFunctionCode{FunctionName: g.Function, S3Bucket: request.String(g.Bucket)}
			return generators.Case{Class: "example", Request: r, Breaks: []spec.ClauseID{spec.SourceS3Incomplete}}
		}),
		entry(spec.SourceImageOnZip, func(g generators.Env) generators.Case {
			uri := g.Account + ".dkr.ecr." + g.Region + ".amazonaws.com/lambdaconf:latest"
			r := request.UpdateFunctionCode{FunctionName: g.Function, ImageUri: request.String(uri)}
			return generators.Case{Class: "example", Request: r, Breaks: []spec.ClauseID{spec.SourceImageOnZip}}
		}),
		entry(spec.StorageModeEnum, func(g generators.Env) generators.Case {
			r := s3(g.Bucket, g.Key)
			r.FunctionName, r.S3ObjectStorageMode = g.Function, request.String("copy")
			return generators.Classify(g, "example", r)
		}),
		entry(spec.PublishToEnum, func(g generators.Env) generators.Case {
			return generators.Classify(g, "example", withCode(g, request.UpdateFunctionCode{PublishTo: request.String("$LATEST")}))
		}),
		entry(spec.KMSKeyTooLong, func(g generators.Env) generators.Case {
			arn := fmt.Sprintf("arn:%s:kms:%s:%s:key/", g.Partition, g.Region, g.Account)
			return generators.Classify(g, "example", withCode(g, request.UpdateFunctionCode{SourceKMSKeyArn: request.String(arn + strings.Repeat("k", spec.MaxKMSKeyArnLength+1-len(arn)))}))
		}),
		entry(spec.KMSKeyPattern, func(g generators.Env) generators.Case {
			return generators.Classify(g, "example", withCode(g, request.UpdateFunctionCode{SourceKMSKeyArn: request.String("alias/lambdaconf")}))
		}),
		entry(spec.ZipNotZip, coded([]byte("this is not a zipfile, just a random string"), spec.ZipNotZip)),
		entry(spec.ZipEmpty, coded(emptyZip(), spec.ZipEmpty)),
		entry(spec.ZipBase64, func(g generators.Env) generators.Case {
			r := request.UpdateFunctionCode{FunctionName: g.Function, ZipFileText: request.String("not base64 at all!")}
			return generators.Case{Class: "example", Request: r, Breaks: []spec.ClauseID{spec.ZipBase64}}
		}),
		entry(spec.RequestMalformed, raw(`{"ZipFile": "UEsFBg==", "Publish": "yes"`, spec.RequestMalformed)),
		entry(spec.RequestMalformedNew, func(g generators.Env) generators.Case {
			code := base64.StdEncoding.EncodeToString(check.Zip("index.py", "def handler(event, context):\n    return 'dry'\n"))
			body := `{"ZipFile": "` + code + `", "DryRun": "no"}`
			return generators.Classify(g, "example", request.UpdateFunctionCode{FunctionName: g.Function, RawBody: []byte(body)})
		}),
		entry(spec.ArchEnum, archs("X86_64")),
		entry(spec.ArchCount, archs("x86_64", "arm64")),
		// Its own text: the entry above has the table's text for
		// ARCH-COUNT, and two specs of one text are one name twice in
		// junit.xml and in a rerun's -focus.
		Entry(string(spec.ArchCount)+": an empty Architectures list is rejected with ValidationException.",
			spec.ArchCount, false, archs(), Label(string(spec.ArchCount)), Label(wireLabels...)),
		Entry(nil, spec.ZipUnzippedLarge, false, func(g generators.Env) generators.Case { return coded(generators.ZipBomb(), spec.ZipUnzippedLarge)(g) },
			Label(string(spec.ZipUnzippedLarge), "large"), Label(wireLabels...)),
		Entry(nil, spec.ZipTooLarge, false, oversized(spec.MaxZippedSize+1024),
			Label(string(spec.ZipTooLarge), string(spec.RequestTooLargeSeed), "large"), Label(wireLabels...)),
		Entry(nil, spec.RequestTooLargeSeed, false, oversized(spec.MaxZippedSize+1024),
			Label(string(spec.RequestTooLargeSeed), string(spec.ZipTooLarge), "large"), Label(wireLabels...)),
		Entry(nil, spec.RequestTooLarge, false, oversized((spec.MaxRequestSizeAWS+3)/4*3+4096),
			Label(string(spec.RequestTooLarge), string(spec.ZipTooLarge), "large"), Label(wireLabels...)),
	)
})

var wireLabels = []string(labels(wireClauses...))

func entry(id spec.ClauseID, build example) TableEntry {
	return Entry(nil, id, false, build, Label(string(id)), Label(wireLabels...))
}

func versionEntry(id spec.ClauseID, build example) TableEntry {
	return Entry(nil, id, true, build, Label(string(id)), Label(wireLabels...))
}
