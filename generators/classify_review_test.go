package generators

import "testing"

// malformedClause agrees with its definition on bodies the property's
// alphabet does not reach: escaped and duplicate names, escapes in values,
// nesting, a byte-order mark, trailing bytes, invalid UTF-8 and non-objects.
func TestMalformedClauseAgreesOnOddBodies(t *testing.T) {
	bodies := []string{
		`{"Publis\u0068":"x"}`, `{"Publis\u0068":true}`, `{"\u005aipFile":1}`, `{"ZipFile":1,"ZipFile":"a"}`, `{"ZipFile":"a","ZipFile":1}`,
		`{"Publish":null,"Publish":1}`, `{"Publish":1,"Publish":null}`, `{"S3Key":"\ud800"}`, `{"S3Key":"\u0000"}`, `{"S3Key\u0000":1}`,
		`{"S3Bucket":{"a":{"b":[1,{"c":null}]}}}`, `{"X":[[[[[[]]]]]],"S3Bucket":"b"}`, "\ufeff{\"ZipFile\":1}", `{"ZipFile":1} `, `{"ZipFile":1}x`,
		`{"ZipFile":"` + "\xff" + `"}`, `{"S3Key":"a"}` + "\xff", `[]`, `null`, `"s"`, `1`, ``, ` `, `{}`, `{"zipfile":1}`, `{"ZIPFILE":true}`,
		`{"Publish":false,"DryRun":"x"}`, `{"Publish":true ,"S3ObjectVersion": -0}`, `{"S3ObjectVersion":1e400}`, `{"Publish":tru}`,
		"{\"Publish\"\t:\n\rfalse}", `{"ZipFile":"a\/b\"c"}`, `{"ZipFile":"UEsFBg==","Architectures":"x86_64"}`,
	}
	for _, b := range bodies {
		if got, want := malformedClause([]byte(b)), malformedByParsing([]byte(b)); got != want {
			t.Errorf("malformedClause(%q) = %s, parsing says %s", b, got, want)
		}
	}
}
