package generators

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/base64"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

func TestValidZipsOpenAndReadBack(t *testing.T) {
	const maxSize = 256 << 10
	rapid.Check(t, func(t *rapid.T) {
		b := ValidZips(maxSize).Draw(t, "zip")
		if len(b) > maxSize {
			t.Fatalf("archive of %d bytes exceeds MaxSize %d", len(b), maxSize)
		}
		r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("a valid archive does not open: %v", err)
		}
		files := 0
		for _, f := range r.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("entry %s does not open: %v", f.Name, err)
			}
			h := crc32.NewIEEE()
			n, err := io.Copy(h, io.LimitReader(rc, maxSize*2))
			rc.Close()
			if err != nil {
				t.Fatalf("entry %s does not read back: %v", f.Name, err)
			}
			if uint64(n) != f.UncompressedSize64 || h.Sum32() != f.CRC32 {
				t.Fatalf("entry %s read %d bytes with CRC %08x; header says %d bytes, CRC %08x", f.Name, n, h.Sum32(), f.UncompressedSize64, f.CRC32)
			}
			if f.Name[len(f.Name)-1] != '/' {
				files++
			}
		}
		if files == 0 {
			t.Fatalf("archive has no regular file: %d entries", len(r.File))
		}
	})
}

// TestZipsBreakWhatTheyClaim reads every drawn payload with archive/zip and
// compares what it shows with the claimed clauses.
func TestZipsBreakWhatTheyClaim(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		z := Zips(ZipOptions{MaxSize: 128 << 10}).Draw(t, "zip")
		if err := checkClassBounds(z.Class, z.Breaks); err != nil {
			t.Fatal(err)
		}
		v := readZip(z.Value.Bytes)
		if !sameClauses(v.breaks, z.Breaks) {
			t.Fatalf("class %s claims %v; archive/zip shows %v (%v)", z.Class, z.Breaks, v.breaks, v.err)
		}
		if z.Class == ClassZipDoubleBase64 {
			inner, err := base64.StdEncoding.DecodeString(string(z.Value.Bytes))
			if err != nil || len(readZip(inner).breaks) != 0 {
				t.Fatalf("double-base64 bytes are not the base64 of a valid archive: %v", err)
			}
		}
	})
}

func TestZipBombIsSmallAndUnzipsPastTheLimit(t *testing.T) {
	b := ZipBomb()
	if len(b) > 1<<20 {
		t.Errorf("the bomb is %d bytes on the wire; it should be small", len(b))
	}
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var declared uint64
	for _, f := range r.File {
		declared += f.UncompressedSize64
	}
	if declared <= spec.MaxUnzippedSize {
		t.Errorf("entries declare %d bytes, not over %d", declared, spec.MaxUnzippedSize)
	}
	if v := readZip(b); !sameClauses(v.breaks, []spec.ClauseID{spec.ZipUnzippedLarge}) {
		t.Errorf("reading the bomb shows %v (%v)", v.breaks, v.err)
	}
	if &ZipBomb()[0] != &b[0] {
		t.Error("ZipBomb builds a new archive on every call instead of sharing one")
	}
}

func TestEmptyZipIsTheEndRecordAlone(t *testing.T) {
	var z Classified[Zip]
	for _, b := range smallZipBuilders {
		if b.class == ClassZipEmpty {
			z = classifyZip(b.class, b.build(nil, DefaultMaxZipSize))
		}
	}
	if len(z.Value.Bytes) != 22 || !bytes.HasPrefix(z.Value.Bytes, []byte("PK\x05\x06")) {
		t.Errorf("empty archive is %q, want the 22-byte end record", z.Value.Bytes)
	}
}

func TestLargeZipsPassTheLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds three archives of about 53 MB")
	}
	env := testEnv(t, spec.ProfileAWS)
	for _, tc := range []struct {
		size      int
		class     string
		aws, seed spec.ClauseID
	}{
		{largeZipMin, ClassZipTooLarge, spec.ZipTooLarge, spec.RequestTooLargeSeed},
		{requestZipMin, ClassZipRequestLarge, spec.RequestTooLarge, spec.RequestTooLarge},
	} {
		b := LargeZip(tc.size, uint64(tc.size))
		if len(b) != tc.size {
			t.Fatalf("LargeZip(%d) is %d bytes", tc.size, len(b))
		}
		z := classifyZip(tc.class, b)
		c := newCase(env, tc.class, request.UpdateFunctionCode{FunctionName: env.Function, ZipFile: b}, z.Breaks)
		if want := expectedCaseBreaks(env, c.Request); !sameClauses(want, c.Breaks) || !sameClauses(z.Breaks, c.Breaks) {
			t.Errorf("zip of %d bytes: the zip claims %v, the case %v, recomputed %v", tc.size, z.Breaks, c.Breaks, want)
		}
		n := BodySize(c.Request)
		if _, w := c.Expect(spec.ProfileAWS); w != tc.aws {
			t.Errorf("zip of %d bytes (body %d): aws decides by %s, want %s", tc.size, n, w, tc.aws)
		}
		if _, w := c.Expect(spec.ProfileSeed); w != tc.seed {
			t.Errorf("zip of %d bytes (body %d): seed decides by %s, want %s", tc.size, n, w, tc.seed)
		}
	}
	for i := 0; i < 1; i++ {
		c := LargeRequests(env).Example(i)
		if err := checkClassBounds(c.Class, c.Breaks); err != nil {
			t.Error(err)
		}
		if want := expectedCaseBreaks(env, c.Request); !sameClauses(want, c.Breaks) {
			t.Errorf("large request %s claims %v, recomputed %v", c.Class, c.Breaks, want)
		}
	}
}

// TestLargeZipSizesBracketTheRequestLimits checks the size ranges of the
// large classes against the request limits, with every option member a
// drawn request can carry.
func TestLargeZipSizesBracketTheRequestLimits(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	size := func(n int) int64 {
		r := request.UpdateFunctionCode{FunctionName: env.Function, ZipFile: make([]byte, n),
			Publish: request.Bool(false), DryRun: request.Bool(false), Architectures: []string{"x86_64"}}
		return BodySize(r)
	}
	for _, n := range []int{largeZipMin, largeZipMax} {
		if s := size(n); s > spec.MaxRequestSizeAWS || s <= spec.MaxRequestSizeSeed {
			t.Errorf("a too-large zip of %d bytes makes a body of %d, not in (%d, %d]", n, s, spec.MaxRequestSizeSeed, spec.MaxRequestSizeAWS)
		}
	}
	bare := request.UpdateFunctionCode{ZipFile: make([]byte, requestZipMin)}
	if n := BodySize(bare); n <= spec.MaxRequestSizeAWS {
		t.Errorf("a request-too-large zip of %d bytes makes a bare body of %d, within %d", requestZipMin, n, spec.MaxRequestSizeAWS)
	}
}

func TestZipsKeepToMaxSize(t *testing.T) {
	const maxSize = 16 << 10
	rapid.Check(t, func(t *rapid.T) {
		z := Zips(ZipOptions{MaxSize: maxSize}).Draw(t, "zip")
		if z.Class != ClassZipBomb && len(z.Value.Bytes) > maxSize {
			t.Fatalf("a %s zip of %d bytes exceeds MaxSize %d", z.Class, len(z.Value.Bytes), maxSize)
		}
	})
}

func TestUnzippedZipUnzipsToItsSize(t *testing.T) {
	const n = 3<<20 + 17
	z := UnzippedZip(n)
	r, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil || len(r.File) != 1 {
		t.Fatalf("UnzippedZip(%d): %v, %d entries", n, err, len(r.File))
	}
	rc, err := r.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.Copy(io.Discard, rc)
	if err != nil || got != n || r.File[0].UncompressedSize64 != n {
		t.Errorf("unzips to %d bytes (declared %d), %v; want %d", got, r.File[0].UncompressedSize64, err, n)
	}
	if len(z) > n/100 {
		t.Errorf("the archive is %d bytes; a run of zeros should deflate below %d", len(z), n/100)
	}
	if breaks := ZipBreaks(z); len(breaks) != 0 {
		t.Errorf("ZipBreaks = %v, want a valid package", breaks)
	}
}

// The Deflate stream deflateWindow puts together from deflatedChunk's
// chunks inflates to the window, for windows that end within, at and past
// a chunk boundary; and writeZip's entries made from it read back whole.
func TestDeflateWindowInflatesToTheWindow(t *testing.T) {
	pool := randomPool()
	rapid.Check(t, func(t *rapid.T) {
		off := rapid.IntRange(0, len(pool)/poolChunk-1).Draw(t, "chunk") * poolChunk
		n := rapid.OneOf(rapid.IntRange(0, 3*poolChunk), rapid.SampledFrom([]int{poolChunk - 1, poolChunk, poolChunk + 1, 2 * poolChunk})).Draw(t, "n")
		n = min(n, len(pool)-off)
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(bytes.Join(deflateWindow(off, n), nil))))
		if err != nil || !bytes.Equal(got, pool[off:off+n]) {
			t.Fatalf("window [%d, %d): inflated %d bytes (%v), want the window's %d", off, off+n, len(got), err, n)
		}
		z := writeZip([]entry{{name: "a.bin", method: zip.Deflate, data: pool[off : off+n]}}, nil)
		if breaks := ZipBreaks(z); len(breaks) != 0 && n > 0 {
			t.Fatalf("an archive of the window breaks %v", breaks)
		}
	})
}

// The name characters are the 64 an entry segment spells from six bits.
func TestEntrySegmentSpellsNameCharacters(t *testing.T) {
	if len(nameChars) != 64 {
		t.Fatalf("nameChars has %d characters; entrySegment spells six bits a character", len(nameChars))
	}
	rapid.Check(t, func(t *rapid.T) {
		s := entrySegment.Draw(t, "segment")
		if len(s) < 1 || len(s) > 12 || strings.Trim(s, nameChars) != "" {
			t.Fatalf("segment %q: want 1..12 characters of [a-zA-Z0-9_-]", s)
		}
	})
}

// deflateBound holds for windows of the pool deflated from its chunks, at
// every size up to the largest, and deflateInverse is its inverse.
func TestDeflateBoundHoldsForPoolWindows(t *testing.T) {
	pool := randomPool()
	for _, n := range []int{0, 1, poolChunk - 1, poolChunk, poolChunk + 1, 100 << 10, 1 << 20, len(pool)} {
		size := 0
		for _, p := range deflateWindow(0, n) {
			size += len(p)
		}
		if size > deflateBound(n) {
			t.Errorf("a window of %d bytes deflates to %d, over deflateBound %d", n, size, deflateBound(n))
		}
	}
	for _, budget := range []int{0, 64, 65, 1000, 1 << 20} {
		if n := deflateInverse(budget); deflateBound(n) > max(budget, deflateBound(0)) || (n > 0 && deflateBound(n+1) <= budget && deflateBound(n+257) <= budget) {
			t.Errorf("deflateInverse(%d) = %d, whose bound is %d", budget, n, deflateBound(n))
		}
	}
}
