package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/spec"
)

// chromium returns the headless browser to render pages with, or skips the
// test when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped in -short mode: rendering with chromium takes seconds")
	}
	if p := os.Getenv("LAMBDACONF_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH (install Debian's chromium package, or set LAMBDACONF_CHROMIUM): the rendered page is not checked")
	return ""
}

// TestHTMLRendersInChromium renders conformance.html in headless Chromium
// and checks the DOM it builds: every clause row with its verdict label,
// the totals, and hostile finding text shown as text, not run as markup.
func TestHTMLRendersInChromium(t *testing.T) {
	browser := chromium(t)
	_, m := hostileMatrix(t)
	dir := t.TempDir()
	page := filepath.Join(dir, HTMLFile)
	if err := writeFile(page, func(w io.Writer) error { return WriteHTML(w, m) }); err != nil {
		t.Fatal(err)
	}
	dom, stderr := dumpDOM(t, browser, dir, "file://"+page)
	if !strings.Contains(dom, `<table id="clauses">`) {
		t.Fatalf("the rendered DOM has no clause table:\n%s\nstderr:\n%s", dom, stderr)
	}
	if strings.Contains(dom, "<script") || strings.Contains(dom, "<img") {
		t.Error("hostile finding text became an element in the rendered page")
	}
	for _, want := range []string{
		"&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
		`<span class="badge v-fail">fail</span>`,
		`<span class="badge v-pass">pass</span>`,
		`<span class="badge v-not-run">not-run</span>`,
		"Result: does not conform",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered DOM lacks %q", want)
		}
	}
	// Each clause of the matrix renders as one row, and the hostile
	// reproducer stays inside its <pre>: the row after ZIP-NOT-ZIP exists.
	for _, c := range m.Clauses {
		if !strings.Contains(dom, `<tr id="clause-`+string(c.ID)+`" class="clause `) {
			t.Errorf("clause %s has no row in the rendered page", c.ID)
		}
	}
	if n := strings.Count(dom, "<pre>"); n != strings.Count(dom, "</pre>") || n == 0 {
		t.Errorf("unbalanced or missing <pre> blocks in the rendered DOM: %d opened", n)
	}
}

// dumpDOM loads url in headless Chromium and returns the DOM it built, after
// the page's scripts ran, and the browser's stderr.
func dumpDOM(t *testing.T, browser, dir, url string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--virtual-time-budget=10000",
		"--dump-dom", url)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s --dump-dom: %v\n%s", browser, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

// filterHarness is a test page, served from the report's origin, that loads
// conformance.html in a frame, works its filter as a reader would (clicking
// the verdict checkboxes and the area radio buttons) and writes which clause
// rows are visible after each step, in order, as JSON into #result. The
// report itself runs no script: its filter is CSS.
const filterHarness = `<!DOCTYPE html>
<html><body>
<pre id="result">pending</pre>
<iframe id="report" src="conformance.html" width="1200" height="800"></iframe>
<script>
const frame = document.getElementById('report');
frame.addEventListener('load', () => {
  const doc = frame.contentDocument;
  const visible = () => [...doc.querySelectorAll('#clauses tr.clause')]
    .filter(tr => frame.contentWindow.getComputedStyle(tr).display !== 'none')
    .map(tr => tr.id.replace('clause-', ''));
  const click = id => doc.getElementById(id).click();
  const boxes = [...doc.querySelectorAll('#filter input[type=checkbox]')];
  const out = {boxes: boxes.map(b => b.id), all: visible()};
  boxes.filter(b => b.id !== 'show-fail').forEach(b => b.click());
  out.failOnly = visible();
  click('area-names');
  out.failNames = visible();
  boxes.filter(b => b.id !== 'show-fail').forEach(b => b.click());
  click('area-hash-size');
  out.hash = visible();
  click('show-pass');
  out.hashNoPass = visible();
  click('show-pass');
  click('area-all');
  out.allAgain = visible();
  document.getElementById('result').textContent = JSON.stringify(out);
});
</script>
</body></html>`

// TestHTMLFilterInChromium works the page's filter in headless Chromium and
// checks, against the matrix, which clause rows show: every row in the
// order of ConcernOrder (failing clauses first), then only the failing ones
// when only "fail" is ticked, only those of an area when one is chosen, no
// passes when "pass" is unticked, and every row again when the filter is
// reset.
func TestHTMLFilterInChromium(t *testing.T) {
	browser := chromium(t)
	_, m := hostileMatrix(t)
	dir := t.TempDir()
	if err := writeFile(filepath.Join(dir, HTMLFile), func(w io.Writer) error { return WriteHTML(w, m) }); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "harness.html"), []byte(filterHarness), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	dom, stderr := dumpDOM(t, browser, dir, srv.URL+"/harness.html")
	start, end := strings.Index(dom, `<pre id="result">`), strings.Index(dom, "</pre>")
	if start < 0 || end < start {
		t.Fatalf("the harness page has no result:\n%s\nstderr:\n%s", dom, stderr)
	}
	var got struct {
		Boxes                                                []string
		All, FailOnly, FailNames, Hash, HashNoPass, AllAgain []spec.ClauseID
	}
	text := strings.NewReplacer("&quot;", `"`, "&amp;", "&").Replace(dom[start+len(`<pre id="result">`) : end])
	if err := json.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("harness result %q: %v\nstderr:\n%s", text, err, stderr)
	}

	// The oracle: the matrix's own verdicts and areas, filtered here.
	where := func(keep func(ClauseResult) bool) []spec.ClauseID {
		var ids []spec.ClauseID
		for _, c := range ConcernOrder(m.Clauses) {
			if keep(c) {
				ids = append(ids, c.ID)
			}
		}
		return ids
	}
	all := where(func(ClauseResult) bool { return true })
	var boxes []string
	for _, v := range Verdicts {
		boxes = append(boxes, "show-"+string(v))
	}
	if !slices.Equal(got.Boxes, boxes) {
		t.Errorf("verdict checkboxes %v, want one per verdict %v", got.Boxes, boxes)
	}
	// Failing clauses come first, and the catalogue order holds among them.
	if len(got.All) != len(m.Clauses) || got.All[0] != spec.ZipNotZip && got.All[0] != spec.NameTooLong {
		t.Fatalf("unfiltered rows %v: want all %d clauses, failing first", got.All, len(m.Clauses))
	}
	for _, step := range []struct {
		name      string
		got, want []spec.ClauseID
	}{
		{"no filter", got.All, all},
		{"only fail ticked", got.FailOnly, where(func(c ClauseResult) bool { return c.Verdict == Fail })},
		{"only fail, area names", got.FailNames, where(func(c ClauseResult) bool { return c.Verdict == Fail && c.Area == spec.AreaNames })},
		{"area hash/size", got.Hash, where(func(c ClauseResult) bool { return c.Area == spec.AreaHash })},
		{"area hash/size without pass", got.HashNoPass, where(func(c ClauseResult) bool { return c.Area == spec.AreaHash && c.Verdict != Pass })},
		{"filter reset", got.AllAgain, all},
	} {
		if !slices.Equal(step.got, step.want) {
			t.Errorf("%s: rows shown %v, want %v", step.name, step.got, step.want)
		}
	}
	// Each step must hide something, or it proves nothing.
	if len(got.FailOnly) != 2 || len(got.FailNames) != 1 || len(got.HashNoPass) != len(got.Hash)-1 {
		t.Errorf("the hostile matrix no longer has the verdicts this test needs: fail %v, fail+names %v, hash %v", got.FailOnly, got.FailNames, got.Hash)
	}
}
