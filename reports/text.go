package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the matrix as conformance.json: indented, with a
// trailing newline, so that committed baselines diff well. Its areas and
// clauses are arrays, empty rather than null when no clause has a verdict.
func WriteJSON(w io.Writer, m Matrix) error {
	if m.Areas == nil {
		m.Areas = []AreaTotals{}
	}
	if m.Clauses == nil {
		m.Clauses = []ClauseResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// title returns the heading of the run.
func (m Matrix) title() string {
	t := "lambdaconf conformance"
	if m.Name != "" {
		t += ": " + m.Name
	}
	return t
}

// subject describes the run in one line.
func (m Matrix) subject() string {
	s := "profile " + string(m.Profile)
	if m.Endpoint != "" {
		s += ", endpoint " + m.Endpoint
	}
	if !m.StartTime.IsZero() {
		s += ", started " + m.StartTime.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	if m.RunTimeSeconds > 0 {
		s += fmt.Sprintf(", ran %.1fs", m.RunTimeSeconds)
	}
	if m.Expectations != "" {
		s += ", expectations " + m.Expectations
	}
	return s
}

// WriteSummary writes the console summary: the totals, one line per area,
// the failing clauses with their one-line summaries, and the result.
func WriteSummary(w io.Writer, m Matrix, strict bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s (%s)\n", oneLine(m.title()), oneLine(m.subject()))
	if m.CouldNotTest != "" {
		fmt.Fprintf(&b, "Result: COULD NOT TEST: %s\n", m.CouldNotTest)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "  %-12s", "area")
	for _, v := range Verdicts {
		fmt.Fprintf(&b, " %*s", columnWidth(v), v)
	}
	b.WriteByte('\n')
	row := func(name string, t Totals) {
		fmt.Fprintf(&b, "  %-12s", name)
		for _, v := range Verdicts {
			fmt.Fprintf(&b, " %*d", columnWidth(v), t.Count(v))
		}
		b.WriteByte('\n')
	}
	for _, a := range m.Areas {
		if a.Totals.Clauses > 0 {
			row(string(a.Area), a.Totals)
		}
	}
	row("total", m.Totals)
	listed := false
	for _, c := range m.Clauses {
		if c.Verdict != Fail && c.Verdict != UnexpectedPass {
			continue
		}
		if !listed {
			b.WriteString("Failing and unexpectedly passing clauses:\n")
			listed = true
		}
		fmt.Fprintf(&b, "  %-15s %-26s %s\n", c.Verdict, c.ID, oneLine(c.Summary()))
	}
	for _, s := range m.Unattributed {
		fmt.Fprintf(&b, "  unattributed failure: %s: %s\n", oneLine(s.Name), oneLine(firstLine(s.Failure)))
	}
	for _, s := range m.SetupFailures {
		fmt.Fprintf(&b, "  could not test (set-up): %s: %s\n", oneLine(s.Name), oneLine(firstLine(s.Failure)))
	}
	for _, f := range m.SuiteFailures {
		fmt.Fprintf(&b, "  suite failure: %s\n", oneLine(limit(f, 400)))
	}
	for _, warning := range m.Warnings {
		fmt.Fprintf(&b, "  warning: %s\n", oneLine(warning))
	}
	if m.Conforms(strict) {
		fmt.Fprintf(&b, "Result: CONFORMS (%d pass, %d expected failures)\n", m.Totals.Pass, m.Totals.ExpectedFail)
	} else {
		fmt.Fprintf(&b, "Result: DOES NOT CONFORM (%d failing clauses, %d unattributed failures, %d suite failures, %d unexpected passes, %d specs could not test)\n",
			m.Totals.Fail, len(m.Unattributed), len(m.SuiteFailures), m.Totals.UnexpectedPass, len(m.SetupFailures))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// limit cuts s to at most n bytes, marking the cut.
func limit(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + " …"
}

func columnWidth(v Verdict) int { return max(len(v), 4) }

// MaxMarkdownSize bounds conformance.md: GitHub refuses a job summary
// ($GITHUB_STEP_SUMMARY) over 1 MiB, and the Markdown report is written to
// be one.
const MaxMarkdownSize = 1 << 20

// Bounds of the parts of the Markdown report, so that a run with many
// large findings still fits in MaxMarkdownSize.
const (
	maxMarkdownCell       = 300      // characters of endpoint text in a table cell or list item
	maxMarkdownReproducer = 8 << 10  // bytes of one reproducer
	maxMarkdownListed     = 50       // unattributed failures or warnings listed
	maxMarkdownSuiteText  = 4 << 10  // bytes of one suite failure
	markdownSlack         = 16 << 10 // kept free below MaxMarkdownSize
)

// WriteMarkdown writes the matrix as Markdown: the run, a totals table per
// area, then one table row per clause, failing clauses first
// (ConcernOrder), and, for each failing clause, its
// first reproducer in a code block. The whole stays under MaxMarkdownSize
// bytes: long texts are cut, and when the failing clauses' details do not
// all fit, the last ones are left out with a line that says how many and
// where to find them (conformance.html and conformance.json hold them all).
func WriteMarkdown(w io.Writer, m Matrix) error {
	var head strings.Builder
	fmt.Fprintf(&head, "# %s\n\n%s\n\n", mdCell(m.title()), mdCell(m.subject()))
	if m.CouldNotTest != "" {
		fmt.Fprintf(&head, "**Could not test:** %s\n\n", mdCell(m.CouldNotTest))
	}
	head.WriteString("## Totals\n\n| area | clauses |")
	for _, v := range Verdicts {
		fmt.Fprintf(&head, " %s |", v)
	}
	head.WriteString("\n|---|---:|")
	for range Verdicts {
		head.WriteString("---:|")
	}
	head.WriteByte('\n')
	row := func(name string, t Totals) {
		fmt.Fprintf(&head, "| %s | %d |", name, t.Clauses)
		for _, v := range Verdicts {
			fmt.Fprintf(&head, " %d |", t.Count(v))
		}
		head.WriteByte('\n')
	}
	for _, a := range m.Areas {
		row(mdText(string(a.Area)), a.Totals)
	}
	row("**total**", m.Totals)

	head.WriteString("\n## Clauses\n\n| clause | area | verdict | rule | note |\n|---|---|---|---|---|\n")
	for _, c := range ConcernOrder(m.Clauses) {
		fmt.Fprintf(&head, "| `%s` | %s | **%s** | %s | %s |\n", c.ID, mdText(string(c.Area)), c.Verdict, mdText(c.Rule), mdCell(c.Summary()))
	}

	var tail strings.Builder
	if len(m.Unattributed) > 0 {
		tail.WriteString("\n## Unattributed failures\n\n")
		for i, s := range m.Unattributed {
			if i == maxMarkdownListed {
				fmt.Fprintf(&tail, "- and %d more: see conformance.json\n", len(m.Unattributed)-i)
				break
			}
			fmt.Fprintf(&tail, "- %s: %s\n", mdCell(s.Name), mdCell(firstLine(s.Failure)))
		}
	}
	if len(m.SuiteFailures) > 0 {
		tail.WriteString("\n## Suite failures\n")
		for i, f := range m.SuiteFailures {
			if i == maxMarkdownListed {
				fmt.Fprintf(&tail, "\nand %d more: see conformance.json\n", len(m.SuiteFailures)-i)
				break
			}
			tail.WriteString("\n" + mdCodeBlock(limit(f, maxMarkdownSuiteText)))
		}
	}
	if len(m.Warnings) > 0 {
		tail.WriteString("\n## Warnings\n\n")
		for i, warning := range m.Warnings {
			if i == maxMarkdownListed {
				fmt.Fprintf(&tail, "- and %d more: see conformance.json\n", len(m.Warnings)-i)
				break
			}
			fmt.Fprintf(&tail, "- %s\n", mdCell(warning))
		}
	}

	var failing []ClauseResult
	for _, c := range m.Clauses {
		if c.Verdict.Failing() {
			failing = append(failing, c)
		}
	}
	var failures strings.Builder
	if len(failing) > 0 {
		failures.WriteString("\n## Failures\n")
	}
	budget := MaxMarkdownSize - markdownSlack - head.Len() - tail.Len()
	for i, c := range failing {
		block := markdownFailure(c)
		if failures.Len()+len(block) > budget {
			fmt.Fprintf(&failures, "\nThe details of %d more failing clauses (%s…) do not fit in this summary: see conformance.html or conformance.json.\n",
				len(failing)-i, c.ID)
			break
		}
		failures.WriteString(block)
	}
	_, err := io.WriteString(w, head.String()+failures.String()+tail.String())
	return err
}

// markdownFailure renders the details of one failing clause.
func markdownFailure(c ClauseResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n### %s (%s)\n\n%s\n\n", c.ID, c.Verdict, mdText(c.Rule))
	if c.Expectation != nil {
		fmt.Fprintf(&b, "Expected to fail: %s\n\n", mdCell(c.Expectation.Reason))
	}
	if len(c.Findings) > 0 {
		f := c.Findings[0]
		fmt.Fprintf(&b, "- summary: %s\n", mdCell(f.Summary))
		if f.Expected != "" {
			fmt.Fprintf(&b, "- expected: %s\n", mdCell(f.Expected))
		}
		if f.Got != "" {
			fmt.Fprintf(&b, "- got: %s\n", mdCell(f.Got))
		}
		if len(c.Findings) > 1 {
			fmt.Fprintf(&b, "- %d more findings\n", len(c.Findings)-1)
		}
	} else if c.Note != "" {
		fmt.Fprintf(&b, "- %s\n", mdCell(c.Note))
	}
	for i, s := range c.Signatures {
		if i == maxMarkdownListed {
			fmt.Fprintf(&b, "- and %d more signatures\n", len(c.Signatures)-i)
			break
		}
		fmt.Fprintf(&b, "- signature: %s\n", mdCell(s))
	}
	if r := c.FirstReproducer(); r != "" {
		cut := limit(r, maxMarkdownReproducer)
		b.WriteString("\n")
		b.WriteString(mdCodeBlock(cut))
		if cut != r {
			fmt.Fprintf(&b, "\n(reproducer cut at %d of %d bytes: the whole one is in conformance.json and the case file)\n", maxMarkdownReproducer, len(r))
		}
	}
	return b.String()
}

// mdCell renders endpoint-controlled text as one line of inert Markdown of
// at most maxMarkdownCell characters.
func mdCell(s string) string {
	return mdText(limitRunes(oneLine(s), maxMarkdownCell))
}

// mdEscaper makes text inert in Markdown table cells and list items:
// HTML is entity-encoded so that a renderer shows it instead of running
// it, and the characters of inline Markdown syntax are backslash-escaped.
var mdEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	"\\", "\\\\", "|", "\\|", "`", "\\`", "*", "\\*", "_", "\\_",
	"[", "\\[", "]", "\\]", "#", "\\#",
)

// mdText renders s as one line of inert Markdown text.
func mdText(s string) string {
	return mdEscaper.Replace(oneLine(s))
}

// mdCodeBlock fences s with a backtick run longer than any inside it, so
// that no content can close the block early.
func mdCodeBlock(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + "text\n" + strings.TrimRight(s, "\n") + "\n" + fence + "\n"
}
