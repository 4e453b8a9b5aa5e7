package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the matrix as conformance.json: indented, with a
// trailing newline, so that committed baselines diff well.
func WriteJSON(w io.Writer, m Matrix) error {
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
	for _, f := range m.SuiteFailures {
		fmt.Fprintf(&b, "  suite failure: %s\n", oneLine(limit(f, 400)))
	}
	for _, warning := range m.Warnings {
		fmt.Fprintf(&b, "  warning: %s\n", oneLine(warning))
	}
	if m.Conforms(strict) {
		fmt.Fprintf(&b, "Result: CONFORMS (%d pass, %d expected failures)\n", m.Totals.Pass, m.Totals.ExpectedFail)
	} else {
		fmt.Fprintf(&b, "Result: DOES NOT CONFORM (%d failing clauses, %d unattributed failures, %d suite failures, %d unexpected passes)\n",
			m.Totals.Fail, len(m.Unattributed), len(m.SuiteFailures), m.Totals.UnexpectedPass)
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

// WriteMarkdown writes the matrix as Markdown: the run, a totals table per
// area, then one table row per clause and, for each failing clause, its
// first reproducer in a code block.
func WriteMarkdown(w io.Writer, m Matrix) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", mdText(m.title()), mdText(m.subject()))
	if m.CouldNotTest != "" {
		fmt.Fprintf(&b, "**Could not test:** %s\n\n", mdText(m.CouldNotTest))
	}
	b.WriteString("## Totals\n\n| area | clauses |")
	for _, v := range Verdicts {
		fmt.Fprintf(&b, " %s |", v)
	}
	b.WriteString("\n|---|---:|")
	for range Verdicts {
		b.WriteString("---:|")
	}
	b.WriteByte('\n')
	row := func(name string, t Totals) {
		fmt.Fprintf(&b, "| %s | %d |", name, t.Clauses)
		for _, v := range Verdicts {
			fmt.Fprintf(&b, " %d |", t.Count(v))
		}
		b.WriteByte('\n')
	}
	for _, a := range m.Areas {
		row(mdText(string(a.Area)), a.Totals)
	}
	row("**total**", m.Totals)

	b.WriteString("\n## Clauses\n\n| clause | area | verdict | rule | note |\n|---|---|---|---|---|\n")
	for _, c := range m.Clauses {
		fmt.Fprintf(&b, "| `%s` | %s | **%s** | %s | %s |\n", c.ID, mdText(string(c.Area)), c.Verdict, mdText(c.Rule), mdText(c.Summary()))
	}

	var failing []ClauseResult
	for _, c := range m.Clauses {
		if c.Verdict.Failing() {
			failing = append(failing, c)
		}
	}
	if len(failing) > 0 {
		b.WriteString("\n## Failures\n")
	}
	for _, c := range failing {
		fmt.Fprintf(&b, "\n### %s (%s)\n\n%s\n\n", c.ID, c.Verdict, mdText(c.Rule))
		if c.Expectation != nil {
			fmt.Fprintf(&b, "Expected to fail: %s\n\n", mdText(c.Expectation.Reason))
		}
		if len(c.Findings) > 0 {
			f := c.Findings[0]
			fmt.Fprintf(&b, "- summary: %s\n", mdText(f.Summary))
			if f.Expected != "" {
				fmt.Fprintf(&b, "- expected: %s\n", mdText(f.Expected))
			}
			if f.Got != "" {
				fmt.Fprintf(&b, "- got: %s\n", mdText(f.Got))
			}
			if len(c.Findings) > 1 {
				fmt.Fprintf(&b, "- %d more findings\n", len(c.Findings)-1)
			}
		} else if c.Note != "" {
			fmt.Fprintf(&b, "- %s\n", mdText(c.Note))
		}
		for _, s := range c.Signatures {
			fmt.Fprintf(&b, "- signature: %s\n", mdText(s))
		}
		if r := c.FirstReproducer(); r != "" {
			b.WriteString("\n")
			b.WriteString(mdCodeBlock(r))
		}
	}
	if len(m.Unattributed) > 0 {
		b.WriteString("\n## Unattributed failures\n\n")
		for _, s := range m.Unattributed {
			fmt.Fprintf(&b, "- %s: %s\n", mdText(s.Name), mdText(firstLine(s.Failure)))
		}
	}
	if len(m.SuiteFailures) > 0 {
		b.WriteString("\n## Suite failures\n")
		for _, f := range m.SuiteFailures {
			b.WriteString("\n" + mdCodeBlock(f))
		}
	}
	if len(m.Warnings) > 0 {
		b.WriteString("\n## Warnings\n\n")
		for _, warning := range m.Warnings {
			fmt.Fprintf(&b, "- %s\n", mdText(warning))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
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
