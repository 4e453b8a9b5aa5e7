package reports

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/lambdaconf/lambdaconf/spec"
)

// WriteHTML writes the matrix as one self-contained page: inline CSS, no
// scripts and no external resources. Every verdict shows as a coloured
// badge with its text, so the page reads the same without colour. The
// clause table lists the clauses that need attention first (ConcernOrder),
// and a filter by verdict and by area above it works in CSS alone
// (checkboxes and radio buttons that :has() selectors read), so it needs
// no script. All text goes through html/template, which escapes what
// findings bring from the endpoint.
func WriteHTML(w io.Writer, m Matrix) error {
	return pageTemplate.Execute(w, m)
}

// maxHTMLReproducer bounds the reproducer or input the page shows per
// clause; conformance.json and the case files keep them whole.
const maxHTMLReproducer = 64 << 10

// concernRank orders verdicts for the reader: unexpected results first,
// then expected failures, then what was not judged, then passes. A
// verdict not listed ranks right after the unexpected ones.
var concernRank = map[Verdict]int{
	Fail: 0, UnexpectedPass: 1, ExpectedFail: 3, NotRun: 4, Skipped: 5, Untested: 6, Pass: 7,
}

// ConcernOrder returns the clauses ordered by how much they need a
// reader's attention: failing clauses first, then unexpected passes,
// expected failures, clauses that were not run, skipped or untested, and
// passes last; catalogue order within each verdict.
func ConcernOrder(cs []ClauseResult) []ClauseResult {
	out := slices.Clone(cs)
	rank := func(v Verdict) int {
		if r, ok := concernRank[v]; ok {
			return r
		}
		return 2
	}
	slices.SortStableFunc(out, func(a, b ClauseResult) int { return rank(a.Verdict) - rank(b.Verdict) })
	return out
}

// cssName turns an area or verdict into the part of a class or id it
// names: lower-case letters, digits and '-'.
func cssName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, s)
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"verdicts":  func() []Verdict { return Verdicts },
	"count":     func(t Totals, v Verdict) int { return t.Count(v) },
	"title":     func(m Matrix) string { return m.title() },
	"subject":   func(m Matrix) string { return m.subject() },
	"firstLine": firstLine,
	"concern":   ConcernOrder,
	"areas":     func() []spec.Area { return spec.Areas },
	"css":       func(s any) string { return cssName(toString(s)) },
	"cut":       func(s string) string { return limit(s, maxHTMLReproducer) },
	"cutNote": func(s string) string {
		if len(s) <= maxHTMLReproducer {
			return ""
		}
		return fmt.Sprintf("(cut at %d of %d bytes: the whole text is in conformance.json and the case file the seed names)", maxHTMLReproducer, len(s))
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{title .}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #1b1b1b; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
.subject { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .35em .5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 13px/1.4 ui-monospace, monospace; }
pre { background: #f6f8fa; border: 1px solid #ddd; padding: .6em; white-space: pre-wrap; overflow-wrap: anywhere; }
td code { overflow-wrap: anywhere; }
#clauses { table-layout: fixed; }
#clauses th:nth-child(1) { width: 14em; }
#clauses th:nth-child(2) { width: 9em; }
#clauses th:nth-child(4) { width: 15em; }
.badge { display: inline-block; min-width: 7.5em; padding: .1em .4em; border-radius: .3em; font-weight: 600; text-align: center; }
.v-pass { background: #d8f3dc; color: #1b4d2b; }
.v-fail { background: #ffd6d6; color: #7a0c0c; }
.v-expected-fail { background: #ffe8c2; color: #6b4100; }
.v-unexpected-pass { background: #d6e4ff; color: #10306e; }
.v-skipped, .v-not-run { background: #ececec; color: #444; }
.v-untested { background: #fff; color: #444; border: 1px dashed #999; }
.result { font-size: 1.2em; font-weight: 600; }
.note { color: #555; }
code.id { white-space: nowrap; }
#filter { display: flex; flex-wrap: wrap; gap: .5em 1.5em; margin: .5em 0; }
#filter fieldset { border: 1px solid #ccc; padding: .3em .6em; }
#filter label { margin-right: .8em; white-space: nowrap; }
{{range verdicts}}body:has(#show-{{css .}}:not(:checked)) #clauses tr.v-{{css .}} { display: none; }
{{end}}{{range areas}}body:has(#area-{{css .}}:checked) #clauses tr.clause:not(.a-{{css .}}) { display: none; }
{{end}}</style>
</head>
<body>
<h1>{{title .}}</h1>
<p class="subject">{{subject .}}</p>
{{if .CouldNotTest}}<p><strong>Could not test:</strong> {{.CouldNotTest}}</p>{{end}}
{{if .Conforms false}}<p class="result" id="result">Result: conforms ({{.Totals.Pass}} pass, {{.Totals.ExpectedFail}} expected failures)</p>
{{else}}<p class="result" id="result">Result: does not conform ({{.Totals.Fail}} failing clauses, {{len .Unattributed}} unattributed failures, {{len .SuiteFailures}} suite failures, {{len .SetupFailures}} specs could not test)</p>
{{end}}
<h2>Totals</h2>
<table id="totals">
<tr><th>area</th><th>clauses</th>{{range verdicts}}<th>{{.}}</th>{{end}}</tr>
{{range .Areas}}<tr><td>{{.Area}}</td><td class="n">{{.Totals.Clauses}}</td>{{$t := .Totals}}{{range verdicts}}<td class="n">{{count $t .}}</td>{{end}}</tr>
{{end}}<tr><th>total</th><td class="n">{{.Totals.Clauses}}</td>{{$t := .Totals}}{{range verdicts}}<td class="n">{{count $t .}}</td>{{end}}</tr>
</table>
<h2>Clauses</h2>
<p class="note">Clauses that need attention come first: failures, unexpected passes, expected failures, then clauses not run, skipped or untested, and passes last.</p>
<form id="filter">
<fieldset><legend>Show verdicts</legend>
{{range verdicts}}<label><input type="checkbox" id="show-{{css .}}" checked> {{.}}</label>
{{end}}</fieldset>
<fieldset><legend>Area</legend>
<label><input type="radio" name="area" id="area-all" checked> all</label>
{{range areas}}<label><input type="radio" name="area" id="area-{{css .}}"> {{.}}</label>
{{end}}</fieldset>
</form>
<table id="clauses">
<tr><th>clause</th><th>verdict</th><th>rule</th><th>source</th></tr>
{{range concern .Clauses}}<tr id="clause-{{.ID}}" class="clause v-{{css .Verdict}} a-{{css .Area}}">
<td><code class="id">{{.ID}}</code><br><span class="note">{{.Area}}</span></td>
<td><span class="badge v-{{.Verdict}}">{{.Verdict}}</span></td>
<td>{{.Rule}}{{with .Summary}}<br><span class="note">{{.}}</span>{{end}}{{with .Expectation}}<br><span class="note">Expected to {{.Outcome}}: {{.Reason}}</span>{{end}}
{{if .Findings}}{{with index .Findings 0}}<details><summary>First finding{{with $.Name}} on {{.}}{{end}}: {{firstLine .Summary}}</summary>
{{with .Expected}}<p>Expected: <code>{{.}}</code></p>{{end}}{{with .Got}}<p>Got: <code>{{.}}</code></p>{{end}}
{{with .Reproducer}}<pre>{{cut .}}</pre>{{cutNote .}}{{else}}{{with .Input}}<pre>{{cut .}}</pre>{{cutNote .}}{{end}}{{end}}
{{with .Focus}}<p>Rerun: <code>--focus {{.}}</code></p>{{end}}{{with .Seed}}<p>Seed: <code>{{.}}</code></p>{{end}}
</details>{{end}}{{else}}{{with .FirstFailure}}<details><summary>Failure of {{.Name}}</summary>
<pre>{{.Failure}}</pre>
</details>{{end}}{{end}}
{{if .Signatures}}<details><summary>{{len .Signatures}} failure signature(s)</summary><ul>{{range .Signatures}}<li><code>{{.}}</code></li>{{end}}</ul></details>{{end}}
</td>
<td>{{range $i, $s := .Sources}}{{if $i}}, {{end}}{{$s}}{{end}}<br><span class="note">{{.Reference}}</span></td>
</tr>
{{end}}</table>
{{if .SuiteFailures}}<h2>Suite failures</h2>
{{range .SuiteFailures}}<pre>{{.}}</pre>{{end}}{{end}}
{{if .SetupFailures}}<h2>Could not test (set-up)</h2>
<ul>{{range .SetupFailures}}<li>{{.Name}}: <pre>{{.Failure}}</pre></li>{{end}}</ul>{{end}}
{{if .Unattributed}}<h2>Unattributed failures</h2>
<ul>{{range .Unattributed}}<li>{{.Name}}: <pre>{{.Failure}}</pre></li>{{end}}</ul>{{end}}
{{if .Warnings}}<h2>Warnings</h2>
<ul>{{range .Warnings}}<li>{{.}}</li>{{end}}</ul>{{end}}
</body>
</html>
`))

func toString(s any) string {
	switch v := s.(type) {
	case Verdict:
		return string(v)
	case spec.Area:
		return string(v)
	case string:
		return v
	}
	return ""
}
