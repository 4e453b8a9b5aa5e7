package check

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/lambdaconf/lambdaconf/spec"
)

// recorded is an UpdateFunctionCode response as recorded against AWS
// (docs/spec/aws.md#success-response), with the placeholders filled in.
const recorded = `{"Architectures":["x86_64"],"CodeSha256":"PFn4S+er27qk+UuZSTKEQfNKG/XNn7QJs90mJgq6oH8=","CodeSize":308,
"Description":"","EphemeralStorage":{"Size":512},"FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:fn",
"FunctionName":"fn","Handler":"index.handler","LastModified":"2019-08-14T22:26:11.234+0000",
"LastUpdateStatus":"InProgress","LastUpdateStatusReason":"The function is being created.","LastUpdateStatusReasonCode":"Creating",
"LoggingConfig":{"LogFormat":"Text","LogGroup":"/aws/lambda/fn"},"MemorySize":128,"PackageType":"Zip",
"RevisionId":"2a3b5e1c-3f44-4c4d-9c3e-6d0a3c7c1f00","Role":"arn:aws:iam::123456789012:role/lambda-role","Runtime":"python3.12",
"SnapStart":{"ApplyOn":"None","OptimizationStatus":"Off"},"State":"Active","Timeout":3,"TracingConfig":{"Mode":"PassThrough"},"Version":"$LATEST"}`

func config(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(recorded), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSchemaAcceptsTheRecordedResponse(t *testing.T) {
	if err := Schema(nil, spec.ProfileAWS, config(t)); err != nil {
		t.Errorf("the recorded AWS response was flagged:\n%v", err)
	}
	m := config(t)
	m["LastUpdateStatus"] = "Successful"
	m["Environment"] = map[string]any{"Variables": map[string]any{}}
	m["SomeFutureField"] = true
	delete(m, "Description")
	if err := Schema(nil, spec.ProfileAWS, m); err != nil {
		t.Errorf("allowed variations were flagged:\n%v", err)
	}
}

func TestSchemaCatchesEachBrokenField(t *testing.T) {
	cases := []struct {
		field string
		value any
		want  spec.ClauseID
	}{
		{"FunctionArn", "arn:aws:lambda:us-east-1:123:function:fn", spec.SchemaFunctionArn},
		{"FunctionName", "fn.bad", spec.SchemaFunctionName},
		{"LastModified", "2019-08-14T22:26:11.234000000Z", spec.SchemaLastModified},
		{"Version", "latest", spec.SchemaVersion},
		{"CodeSha256", "3c59f84be7abdbbaa4f94b99493284", spec.SchemaCodeSha256},
		{"CodeSha256", "PFn4S-er27qk-UuZSTKEQfNKG_XNn7QJs90mJgq6oH8=", spec.SchemaCodeSha256},
		{"MemorySize", 64.0, spec.SchemaMemorySize},
		{"MemorySize", "128", spec.SchemaMemorySize},
		{"Timeout", 0.0, spec.SchemaTimeout},
		{"Timeout", 9000.0, spec.SchemaTimeout},
		{"Runtime", "cobol", spec.SchemaRuntime},
		{"Handler", "index handler", spec.SchemaHandler},
		{"Role", "lambda-role", spec.SchemaRole},
		{"State", "Sleeping", spec.SchemaEnums},
		{"LastUpdateStatus", "Done", spec.SchemaEnums},
		{"Architectures", []any{"x86_64", "arm64"}, spec.SchemaEnums},
		{"RevisionId", "", spec.SchemaRevisionID},
	}
	for _, c := range cases {
		m := config(t)
		m[c.field] = c.value
		got := clauses(Schema(nil, spec.ProfileAWS, m))
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s=%v: blamed %v, want [%s]", c.field, c.value, got, c.want)
		}
	}
	for _, field := range []string{"FunctionArn", "CodeSha256", "Version", "RevisionId"} {
		m := config(t)
		delete(m, field)
		if got := clauses(Schema(nil, spec.ProfileAWS, m)); len(got) != 1 {
			t.Errorf("absent %s: blamed %v, want one finding", field, got)
		}
	}
}

func TestSchemaFollowsTheProfile(t *testing.T) {
	m := config(t)
	m["Runtime"] = "python2.7"
	m["MemorySize"] = 2048.0
	m["Timeout"] = 9000.0
	delete(m, "RevisionId")
	m["State"] = "Sleeping"
	got := clauses(Schema(nil, spec.ProfileSeed, m))
	if len(got) != 1 || got[0] != spec.SchemaMemorySize {
		t.Errorf("seed profile blamed %v, want only %s (2048 is over the seed's 1536; the rest is aws-only or allowed)", got, spec.SchemaMemorySize)
	}
	m["MemorySize"] = 192.0
	m["Runtime"] = "python3.12"
	if got := clauses(Schema(nil, spec.ProfileSeed, m)); len(got) != 1 || got[0] != spec.SchemaRuntime {
		t.Errorf("seed profile blamed %v, want only %s", got, spec.SchemaRuntime)
	}
}

func TestHashAndSizeComputesTheHash(t *testing.T) {
	code := Zip("index.py", "print('hi')\n")
	sum := sha256.Sum256(code)
	m := map[string]any{"CodeSha256": base64.StdEncoding.EncodeToString(sum[:]), "CodeSize": float64(len(code))}
	for _, src := range []Source{Inline, FromS3, FromS3Version} {
		if err := HashAndSize(nil, m, code, src); err != nil {
			t.Errorf("source %d: a correct hash and size were flagged:\n%v", src, err)
		}
	}
	hex := map[string]any{"CodeSha256": "3c59", "CodeSize": float64(len(code))}
	if got := clauses(HashAndSize(nil, hex, code, Inline)); len(got) != 1 || got[0] != spec.HashInline {
		t.Errorf("hex hash: blamed %v, want [%s]", got, spec.HashInline)
	}
	off := map[string]any{"CodeSha256": m["CodeSha256"], "CodeSize": float64(len(code) + 1)}
	if got := clauses(HashAndSize(nil, off, code, FromS3)); len(got) != 1 || got[0] != spec.SizeS3 {
		t.Errorf("size off by one: blamed %v, want [%s]", got, spec.SizeS3)
	}
	other := Zip("index.py", "print('other')\n")
	sum = sha256.Sum256(other)
	wrong := map[string]any{"CodeSha256": base64.StdEncoding.EncodeToString(sum[:]), "CodeSize": float64(len(other))}
	if got := clauses(HashAndSize(nil, wrong, code, FromS3Version)); len(got) != 1 || got[0] != spec.VersionSelects {
		t.Errorf("another version's code: blamed %v, want [%s]", got, spec.VersionSelects)
	}
}
