package reference

import (
	"crypto/sha256"
	"sync"

	"github.com/lambdaconf/lambdaconf/reference/zipcheck"
	"github.com/lambdaconf/lambdaconf/spec"
)

// maxVerdicts bounds archiveVerdicts; past it the memory starts afresh.
const maxVerdicts = 4096

// archiveVerdicts remembers the archive checks' verdict on each package
// by its SHA-256 and size: the verdict is a function of the bytes alone,
// and clients (the harness's generators among them) send the same package
// again and again, so checking it again would be waste. The package's hash
// is computed in any case, as CodeSha256.
type archiveVerdicts struct {
	mu sync.Mutex
	m  map[verdictKey]error
}

type verdictKey struct {
	sum  [sha256.Size]byte
	size int64
}

// checkArchive returns zipcheck's verdict on p (nil, or one of
// zipcheck.ErrNotZip, ErrEmpty and ErrTooLarge) for Lambda's unzipped-size
// limit, sum being p's SHA-256.
func (v *archiveVerdicts) checkArchive(p packageBytes, sum [sha256.Size]byte) error {
	key := verdictKey{sum, p.Len()}
	v.mu.Lock()
	err, ok := v.m[key]
	v.mu.Unlock()
	if ok {
		return err
	}
	// "Unzipped size must be smaller than 262144000 bytes": the limit
	// itself is too large (LocalStack test_oversized_unzipped_lambda).
	_, err = zipcheck.CheckReaderAt(p.ReaderAt(), p.Len(), spec.MaxUnzippedSize-1)
	v.mu.Lock()
	if v.m == nil || len(v.m) >= maxVerdicts {
		v.m = make(map[verdictKey]error)
	}
	v.m[key] = err
	v.mu.Unlock()
	return err
}
