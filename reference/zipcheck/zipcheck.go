// Package zipcheck decides whether a deployment package is a zip archive
// Lambda would accept: readable, non-empty, every entry decompressing to its
// recorded size and CRC-32, and no larger unzipped than a limit. It never
// decompresses more than the limit, so a lying header cannot exhaust memory
// or time.
package zipcheck

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
)

// The verdicts of Check.
var (
	// ErrNotZip means the bytes are not a readable zip archive: not a zip
	// at all, truncated, a bad CRC, an unknown compression method, or an
	// entry whose data disagrees with its header.
	ErrNotZip = errors.New("zipcheck: not a readable zip archive")
	// ErrEmpty means the archive has no entries.
	ErrEmpty = errors.New("zipcheck: the archive has no entries")
	// ErrTooLarge means the entries unzip to more than the limit.
	ErrTooLarge = errors.New("zipcheck: the archive unzips to more than the limit")
)

// Result describes an accepted archive.
type Result struct {
	// Entries counts the archive's entries, directories included.
	Entries int
	// UnzippedSize is the total size of the entries' contents.
	UnzippedSize int64
}

// Check reads the archive in b and returns ErrNotZip, ErrEmpty or
// ErrTooLarge when Lambda would refuse it, or what it found. Declared sizes
// are summed first; then each entry is decompressed into io.Discard, which
// verifies its CRC-32 and its declared size, so at most maxUnzipped bytes
// are ever inflated.
func Check(b []byte, maxUnzipped int64) (Result, error) {
	return check(bytes.NewReader(b), int64(len(b)), maxUnzipped)
}

// CheckReaderAt is Check for the size bytes of an archive read through r,
// so that a package held in another form (such as its base64 text) need
// not be copied out whole to be checked.
func CheckReaderAt(r io.ReaderAt, size, maxUnzipped int64) (Result, error) {
	return check(r, size, maxUnzipped)
}

func check(r io.ReaderAt, size, maxUnzipped int64) (Result, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return Result{}, ErrNotZip
	}
	if len(zr.File) == 0 {
		return Result{}, ErrEmpty
	}
	var declared uint64
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		if declared > uint64(maxUnzipped) || declared < f.UncompressedSize64 {
			return Result{}, ErrTooLarge
		}
	}
	res := Result{Entries: len(zr.File)}
	for _, f := range zr.File {
		n, err := inflate(f)
		res.UnzippedSize += n
		if err != nil {
			return Result{}, err
		}
		if res.UnzippedSize > maxUnzipped {
			return Result{}, ErrTooLarge
		}
	}
	return res, nil
}

// inflate decompresses one entry. archive/zip's reader fails with
// zip.ErrFormat as soon as an entry yields more than its declared size and
// with zip.ErrChecksum at the end of one whose CRC differs.
func inflate(f *zip.File) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, ErrNotZip
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, rc)
	if err != nil {
		return n, ErrNotZip
	}
	if uint64(n) != f.UncompressedSize64 {
		return n, ErrNotZip
	}
	return n, nil
}
