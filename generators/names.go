package generators

import (
	"strings"

	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// nameChars are the characters of a function name part.
const nameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"

// nameForm is one way to write a function name.
type nameForm int

const (
	formBare nameForm = iota
	formFunction
	formAccount
	formAccountFunction
	formArn
)

var allForms = []nameForm{formBare, formFunction, formAccount, formAccountFunction, formArn}

// arnScope is the partition, region and account an ARN form names.
type arnScope struct{ partition, region, account string }

func (e Env) scope() arnScope { return arnScope{e.Partition, e.Region, e.Account} }

// write renders name in form f under scope s.
func (f nameForm) write(name string, s arnScope) string {
	switch f {
	case formFunction:
		return "function:" + name
	case formAccount:
		return s.account + ":" + name
	case formAccountFunction:
		return s.account + ":function:" + name
	case formArn:
		return arnPrefix(s) + name
	}
	return name
}

func arnPrefix(s arnScope) string {
	return "arn:" + s.partition + ":lambda:" + s.region + ":" + s.account + ":function:"
}

// foreignScopes pairs partitions and regions that today's pattern admits and
// the seed's rejects.
var foreignScopes = []arnScope{
	{"aws-cn", "cn-north-1", ""},
	{"aws-cn", "cn-northwest-1", ""},
	{"aws-us-gov", "us-gov-west-1", ""},
	{"aws-us-gov", "us-gov-east-1", ""},
	{"aws-iso", "us-iso-east-1", ""},
	{"aws-iso-b", "us-isob-east-1", ""},
	{"aws-iso-f", "us-isof-south-1", ""},
	{"aws-eusc", "eusc-de-east-1", ""},
	{"aws", "us-gov-west-1", ""},
}

// plainRegions are regions of the aws partition in the form both patterns
// admit.
var plainRegions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-3", "eu-central-1",
	"ap-southeast-2", "ap-northeast-1", "sa-east-1", "ca-central-1", "af-south-1", "me-south-1",
}

// nameBreaks classifies a FunctionName against env: the syntactic clauses
// of the catalogue's checker and, for a name that parses, the clauses that
// depend on which function it names.
func nameBreaks(env Env, s string) []spec.ClauseID {
	key := nameKey{env.Partition, env.Region, env.Account, env.Function, s}
	return nameMemo.get(key, func() []spec.ClauseID { return examineName(env, s) })
}

// nameKey is what nameBreaks depends on.
type nameKey struct{ partition, region, account, function, name string }

var nameMemo clauseMemo[nameKey]

// examineName is nameBreaks without the memo.
func examineName(env Env, s string) []spec.ClauseID {
	out, ref, ok := spec.ExamineFunctionName(s)
	if !ok {
		return out
	}
	if (ref.Region != "" && ref.Region != env.Region) || (ref.Partition != "" && ref.Partition != env.Partition) {
		out = append(out, spec.NameOtherRegion)
	}
	if ref.Account != "" && ref.Account != env.Account {
		out = append(out, spec.NameOtherAccount)
	}
	if ref.Qualifier != "" && ref.Qualifier != "$LATEST" {
		out = append(out, spec.NameQualifier)
	}
	// A function of another account is not the caller's to find: under a
	// profile without the 403 (the seed) the lookup decides.
	if ref.Name != env.Function || (ref.Account != "" && ref.Account != env.Account) {
		out = append(out, spec.NameNotFound)
	}
	return out
}

// drawChars draws a string of n..m characters from chars.
func drawChars(t *rapid.T, chars string, n, m int, label string) string {
	if m < n {
		m = n
	}
	return rapid.StringOfN(rapid.RuneFrom([]rune(chars)), n, m, -1).Draw(t, label)
}

// missingName draws a name part under env.Missing of n..m characters.
func missingName(t *rapid.T, env Env, n, m int) string {
	lo, hi := n-len(env.Missing), m-len(env.Missing)
	if lo < 0 {
		lo = 0
	}
	if hi < lo {
		hi = lo
	}
	return env.Missing + drawChars(t, nameChars, lo, hi, "name suffix")
}

// otherAccount draws a 12-digit account other than env.Account.
func otherAccount(t *rapid.T, env Env) string {
	a := drawChars(t, "0123456789", 12, 12, "account")
	if a == env.Account {
		last := (a[11]-'0'+1)%10 + '0'
		a = a[:11] + string(rune(last))
	}
	return a
}

// otherRegion draws a plain region other than env.Region.
func otherRegion(t *rapid.T, env Env) string {
	var regions []string
	for _, r := range plainRegions {
		if r != env.Region {
			regions = append(regions, r)
		}
	}
	return rapid.SampledFrom(regions).Draw(t, "region")
}

// qualifierText draws a qualifier other than $LATEST: a version number or an
// alias name.
func qualifierText(t *rapid.T) string {
	if rapid.Bool().Draw(t, "alias") {
		return drawChars(t, nameChars, 1, 20, "alias")
	}
	return rapid.StringMatching(`[1-9][0-9]{0,5}`).Draw(t, "version")
}

// nameBuilder draws the names of one class.
type nameBuilder struct {
	class string
	build func(t *rapid.T, env Env) string
}

// badNameChars are characters outside the FunctionName pattern, one of each
// kind: white space, punctuation the pattern lacks, percent, non-ASCII,
// astral and control characters.
var badNameChars = []string{" ", ".", "/", "%", "é", "日", "😀", "\x00", "\t", "\n", "\x7f", "+", "@", "#", "?", "*", "=", ",", "\u200b"}

// validNameBuilders name env.Function correctly; the rest of nameBuilders
// break a clause.
var validNameBuilders = []nameBuilder{
	{ClassNameBare, func(t *rapid.T, env Env) string { return env.Function }},
	{ClassNameArn, func(t *rapid.T, env Env) string { return formArn.write(env.Function, env.scope()) }},
	{ClassNameAccountFunction, func(t *rapid.T, env Env) string { return formAccountFunction.write(env.Function, env.scope()) }},
	{ClassNameAccount, func(t *rapid.T, env Env) string { return formAccount.write(env.Function, env.scope()) }},
	{ClassNameFunction, func(t *rapid.T, env Env) string { return formFunction.write(env.Function, env.scope()) }},
	{ClassNameLatest, func(t *rapid.T, env Env) string {
		return rapid.SampledFrom(allForms).Draw(t, "form").write(env.Function, env.scope()) + ":$LATEST"
	}},
}

var invalidNameBuilders = []nameBuilder{
	{ClassNameNotFound, func(t *rapid.T, env Env) string {
		s := rapid.SampledFrom(allForms).Draw(t, "form").write(missingName(t, env, 1, 64), env.scope())
		if rapid.Bool().Draw(t, "latest") {
			s += ":$LATEST"
		}
		return s
	}},
	{ClassNameNotFoundLongArn, func(t *rapid.T, env Env) string {
		prefix := arnPrefix(env.scope())
		return prefix + missingName(t, env, spec.MaxBareNameLength+1, spec.MaxFunctionNameLength-len(prefix))
	}},
	{ClassNamePartitionSeed, func(t *rapid.T, env Env) string {
		var scopes []arnScope
		for _, s := range foreignScopes {
			if s.region != env.Region {
				scopes = append(scopes, arnScope{s.partition, s.region, env.Account})
			}
		}
		return formArn.write(env.Function, rapid.SampledFrom(scopes).Draw(t, "scope"))
	}},
	{ClassNameOtherRegion, func(t *rapid.T, env Env) string {
		return formArn.write(env.Function, arnScope{env.Partition, otherRegion(t, env), env.Account})
	}},
	{ClassNameOtherAccount, func(t *rapid.T, env Env) string {
		f := rapid.SampledFrom([]nameForm{formArn, formAccountFunction, formAccount}).Draw(t, "form")
		return f.write(env.Function, arnScope{env.Partition, env.Region, otherAccount(t, env)})
	}},
	{ClassNameQualifier, func(t *rapid.T, env Env) string {
		return rapid.SampledFrom(allForms).Draw(t, "form").write(env.Function, env.scope()) + ":" + qualifierText(t)
	}},
	{ClassNameEmpty, func(t *rapid.T, env Env) string { return "" }},
	{ClassNameBareTooLong, func(t *rapid.T, env Env) string {
		return missingName(t, env, spec.MaxBareNameLength+1, spec.MaxFunctionNameLength)
	}},
	{ClassNameTooLong, func(t *rapid.T, env Env) string {
		switch rapid.IntRange(0, 2).Draw(t, "long kind") {
		case 1:
			prefix := arnPrefix(env.scope())
			return prefix + missingName(t, env, spec.MaxFunctionNameLength+1-len(prefix), 300-len(prefix))
		case 2:
			s := missingName(t, env, spec.MaxFunctionNameLength+1, 300)
			i := rapid.IntRange(len(env.Missing), len(s)).Draw(t, "at")
			return s[:i] + rapid.SampledFrom(badNameChars).Draw(t, "bad char") + s[i:]
		}
		return missingName(t, env, spec.MaxFunctionNameLength+1, 300)
	}},
	{ClassNameBadChar, func(t *rapid.T, env Env) string {
		s := missingName(t, env, 1, 50)
		i := rapid.IntRange(len(env.Missing), len(s)).Draw(t, "at")
		s = s[:i] + rapid.SampledFrom(badNameChars).Draw(t, "bad char") + s[i:]
		return rapid.SampledFrom([]nameForm{formBare, formFunction, formAccount}).Draw(t, "form").write(s, env.scope())
	}},
	{ClassNameBadArn, func(t *rapid.T, env Env) string {
		s := env.scope()
		switch rapid.IntRange(0, 3).Draw(t, "defect") {
		case 0:
			s.region = strings.TrimRight(s.region, "0123456789") + rapid.StringMatching(`[1-9][0-9]`).Draw(t, "region number")
		case 1:
			s.account = drawChars(t, "0123456789", 11, 11, "short account")
		case 2:
			s.account = drawChars(t, "0123456789", 13, 13, "long account")
		case 3:
			service := rapid.SampledFrom([]string{"s3", "iam", "ec2", "lambdas", "Lambda"}).Draw(t, "service")
			return strings.Replace(arnPrefix(s), ":lambda:", ":"+service+":", 1) + env.Function
		}
		return arnPrefix(s) + env.Function
	}},
}

// nameBuilders lists every name class, the valid ones first.
var nameBuilders = append(append([]nameBuilder{}, validNameBuilders...), invalidNameBuilders...)

// FunctionNames draws FunctionName values of every class, valid and invalid,
// classified against env.
func FunctionNames(env Env) *rapid.Generator[Classified[string]] {
	env.mustCheck()
	return rapid.Custom(func(t *rapid.T) Classified[string] {
		b := rapid.SampledFrom(nameBuilders).Draw(t, "name class")
		return drawName(t, env, b)
	})
}

// ValidFunctionNames draws names by which env.Function must be found.
func ValidFunctionNames(env Env) *rapid.Generator[Classified[string]] {
	env.mustCheck()
	return rapid.Custom(func(t *rapid.T) Classified[string] {
		return drawValidName(t, env)
	})
}

func drawName(t *rapid.T, env Env, b nameBuilder) Classified[string] {
	s := b.build(t, env)
	return Classified[string]{Value: s, Breaks: nameBreaks(env, s), Class: b.class}
}

// drawValidName draws env.Function in one of its valid forms.
func drawValidName(t *rapid.T, env Env) Classified[string] {
	return drawName(t, env, rapid.SampledFrom(validNameBuilders).Draw(t, "valid name class"))
}
