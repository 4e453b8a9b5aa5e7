package generators

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/lambdaconf/lambdaconf/spec"
)

// testZip builds a small archive with archive/zip directly, independent of
// the generators, for the fixtures of testEnv.
func testZip(t testing.TB, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(f, content); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testEnv is an Env like the one the suites build on moto.
func testEnv(t testing.TB, p spec.Profile) Env {
	env := Env{
		Profile: p, Partition: "aws", Region: "us-east-1", Account: "123456789012",
		Function: "lambdaconf-fn_1", Missing: "lcmiss-7q",
		Bucket: "lambdaconf-code", Key: "fixtures/fn.zip", KeyZip: testZip(t, "index.py", "def h(e, c): return 1\n"),
		VersionedBucket: "lambdaconf-versioned", VersionedKey: "fixtures/versioned.zip",
		Versions: []ObjectVersion{
			{ID: "3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", Zip: testZip(t, "index.py", "def h(e, c): return 'v1'\n")},
			{ID: "null", Zip: testZip(t, "index.py", "def h(e, c): return 'v2'\n")},
		},
	}
	if err := env.Check(); err != nil {
		t.Fatalf("test env: %v", err)
	}
	return env
}

// sameClauses reports whether a and b hold the same clauses, ignoring order.
func sameClauses(a, b []spec.ClauseID) bool {
	x, y := sortedIDs(a), sortedIDs(b)
	return slices.Equal(x, y)
}

func sortedIDs(a []spec.ClauseID) []string {
	out := make([]string, len(a))
	for i, c := range a {
		out[i] = string(c)
	}
	sort.Strings(out)
	return out
}

// checkClassBounds reports whether breaks fit the class's description: all
// of its Breaks, and nothing outside Breaks and MayBreak.
func checkClassBounds(class string, breaks []spec.ClauseID) error {
	info, ok := LookupClass(class)
	if !ok {
		return fmt.Errorf("class %q is not listed in Classes()", class)
	}
	for _, c := range info.Breaks {
		if !slices.Contains(breaks, c) {
			return fmt.Errorf("class %s must break %s, but Breaks is %v", class, c, breaks)
		}
	}
	for _, c := range breaks {
		if !slices.Contains(info.Breaks, c) && !slices.Contains(info.MayBreak, c) {
			return fmt.Errorf("class %s claims %s, which its description does not allow (Breaks %v, MayBreak %v)", class, c, info.Breaks, info.MayBreak)
		}
	}
	seen := map[spec.ClauseID]bool{}
	for _, c := range breaks {
		if seen[c] {
			return fmt.Errorf("class %s lists %s twice in %v", class, c, breaks)
		}
		seen[c] = true
	}
	return nil
}

// zipVerdict is what reading an archive with archive/zip shows.
type zipVerdict struct {
	breaks []spec.ClauseID
	err    error
}

var (
	verdictMu    sync.Mutex
	verdictCache = map[[32]byte]zipVerdict{}
)

// readZip classifies b by opening it with archive/zip and reading every
// entry, stopping once the total passes spec.MaxUnzippedSize. Verdicts are
// cached by the SHA-256 of b, since the zip bomb is drawn often.
func readZip(b []byte) zipVerdict {
	key := sha256.Sum256(b)
	verdictMu.Lock()
	v, ok := verdictCache[key]
	verdictMu.Unlock()
	if ok {
		return v
	}
	v = readZipUncached(b)
	verdictMu.Lock()
	verdictCache[key] = v
	verdictMu.Unlock()
	return v
}

var errTooLarge = errors.New("unzips past the limit")

func readZipUncached(b []byte) zipVerdict {
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return zipVerdict{[]spec.ClauseID{spec.ZipNotZip}, err}
	}
	if len(r.File) == 0 {
		return zipVerdict{[]spec.ClauseID{spec.ZipEmpty}, nil}
	}
	var total int64
	for _, f := range r.File {
		n, err := readEntry(f, spec.MaxUnzippedSize+1-total)
		total += n
		if errors.Is(err, errTooLarge) {
			return zipVerdict{[]spec.ClauseID{spec.ZipUnzippedLarge}, nil}
		}
		if err != nil {
			return zipVerdict{[]spec.ClauseID{spec.ZipNotZip}, fmt.Errorf("%s: %w", f.Name, err)}
		}
	}
	return zipVerdict{}
}

// readEntry reads f to its end, at most limit bytes, and compares the CRC-32
// it computes with the header's.
func readEntry(f *zip.File, limit int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	h := crc32.NewIEEE()
	n, err := io.Copy(h, io.LimitReader(rc, limit))
	if err != nil {
		return n, err
	}
	if n == limit {
		return n, errTooLarge
	}
	if !strings.HasSuffix(f.Name, "/") && h.Sum32() != f.CRC32 {
		return n, fmt.Errorf("CRC-32 %08x, header says %08x", h.Sum32(), f.CRC32)
	}
	return n, nil
}
