package reference

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/lambdaconf/lambdaconf/reference/zipcheck"
)

// A remembered verdict is the verdict zipcheck gives, on the first and on
// every later sight of the same package, and the memory stays bounded.
func TestArchiveVerdictsRepeatZipcheck(t *testing.T) {
	var v archiveVerdicts
	for _, tt := range []struct {
		name string
		pkg  []byte
		want error
	}{
		{"valid", smallZip(t, "v"), nil},
		{"not a zip", []byte("PK\x03\x04 but no archive"), zipcheck.ErrNotZip},
		{"empty", makeZip(t, nil), zipcheck.ErrEmpty},
	} {
		p := rawPackage(tt.pkg)
		for sight := 1; sight <= 2; sight++ {
			if err := v.checkArchive(p, p.Sum256()); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("%s, sight %d: verdict %v, want %v", tt.name, sight, err, tt.want)
			}
		}
	}
	valid := rawPackage(smallZip(t, "bound"))
	for i := range maxVerdicts + 10 {
		var sum [sha256.Size]byte
		binary.LittleEndian.PutUint64(sum[:], uint64(i))
		_ = v.checkArchive(valid, sum)
		if len(v.m) > maxVerdicts {
			t.Fatalf("after %d packages the memory holds %d verdicts, over %d", i+1, len(v.m), maxVerdicts)
		}
	}
}
