package reports

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--dump-dom", "file://"+page)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s --dump-dom: %v\n%s", browser, err, stderr.String())
	}
	dom := stdout.String()
	if !strings.Contains(dom, `<table id="clauses">`) {
		t.Fatalf("the rendered DOM has no clause table:\n%s\nstderr:\n%s", dom, stderr.String())
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
		if !strings.Contains(dom, `<tr id="clause-`+string(c.ID)+`">`) {
			t.Errorf("clause %s has no row in the rendered page", c.ID)
		}
	}
	if n := strings.Count(dom, "<pre>"); n != strings.Count(dom, "</pre>") || n == 0 {
		t.Errorf("unbalanced or missing <pre> blocks in the rendered DOM: %d opened", n)
	}
}
