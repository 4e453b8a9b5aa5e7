package zipcheck

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"sync/atomic"
	"testing"
)

func build(t *testing.T, files map[string][]byte, method uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// raw builds a zip with one entry whose header fields are given verbatim.
func raw(t *testing.T, hdr zip.FileHeader, payload []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&hdr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(payload); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func deflate(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAccepts(t *testing.T) {
	files := map[string][]byte{"a.py": []byte("print(1)\n"), "dir/b.txt": bytes.Repeat([]byte("b"), 5000)}
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		res, err := Check(build(t, files, method), 1<<20)
		if err != nil {
			t.Fatalf("method %d: %v", method, err)
		}
		if res.Entries != 2 || res.UnzippedSize != 5009 {
			t.Errorf("method %d: %+v, want 2 entries of 5009 bytes", method, res)
		}
	}
}

func TestRejects(t *testing.T) {
	good := build(t, map[string][]byte{"a.txt": bytes.Repeat([]byte("hello "), 200)}, zip.Deflate)
	zeros := make([]byte, 1<<20)
	packed := deflate(t, zeros)

	badCRC := raw(t, zip.FileHeader{Name: "a", Method: zip.Store, CRC32: 12345, CompressedSize64: 4, UncompressedSize64: 4}, []byte("data"))
	shortDecl := raw(t, zip.FileHeader{Name: "a", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(zeros), CompressedSize64: uint64(len(packed)), UncompressedSize64: 100}, packed)
	longDecl := raw(t, zip.FileHeader{Name: "a", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(zeros), CompressedSize64: uint64(len(packed)), UncompressedSize64: 2 << 20}, packed)
	unknownMethod := raw(t, zip.FileHeader{Name: "a", Method: 99, CompressedSize64: 4, UncompressedSize64: 4}, []byte("data"))
	corrupt := bytes.Clone(good)
	corrupt[35] ^= 0x5a

	for _, tc := range []struct {
		name string
		in   []byte
		max  int64
		want error
	}{
		{"nil", nil, 1 << 20, ErrNotZip},
		{"text", []byte("this is not a zipfile, just a random string"), 1 << 20, ErrNotZip},
		{"truncated", good[:len(good)-8], 1 << 20, ErrNotZip},
		{"cut in the middle", good[:len(good)/2], 1 << 20, ErrNotZip},
		{"corrupt data", corrupt, 1 << 20, ErrNotZip},
		{"bad crc", badCRC, 1 << 20, ErrNotZip},
		{"declares less than it holds", shortDecl, 4 << 20, ErrNotZip},
		{"declares more than it holds", longDecl, 4 << 20, ErrNotZip},
		{"unknown method", unknownMethod, 1 << 20, ErrNotZip},
		{"empty", build(t, nil, zip.Deflate), 1 << 20, ErrEmpty},
		{"declared over the limit", longDecl, 1 << 20, ErrTooLarge},
		{"real bomb over the limit", raw(t, zip.FileHeader{Name: "a", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(zeros), CompressedSize64: uint64(len(packed)), UncompressedSize64: uint64(len(zeros))}, packed), 1<<20 - 1, ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Check(tc.in, tc.max); !errors.Is(err, tc.want) {
				t.Errorf("Check = %v, want %v", err, tc.want)
			}
		})
	}
}

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// TestLyingHeaderIsBounded checks that an entry declaring 10 bytes but
// inflating to 16 MiB is stopped after a small part of its compressed
// data, not inflated in full.
func TestLyingHeaderIsBounded(t *testing.T) {
	zeros := make([]byte, 16<<20)
	packed := deflate(t, zeros)
	lie := raw(t, zip.FileHeader{Name: "bomb", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(zeros), CompressedSize64: uint64(len(packed)), UncompressedSize64: 10}, packed)
	cr := &countingReaderAt{r: bytes.NewReader(lie)}
	if _, err := check(cr, int64(len(lie)), 262144000); !errors.Is(err, ErrNotZip) {
		t.Fatalf("check = %v, want ErrNotZip", err)
	}
	if n := cr.n.Load(); n > int64(len(packed))/2 {
		t.Errorf("read %d bytes of a %d-byte archive to reject a header that declares 10 bytes", n, len(lie))
	}
}
