package wire

import (
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
)

// PrepareUpdate builds and hashes a body only when the whole body is at
// most bufferedBodyMax bytes, as it says and as it did before pooling:
// a small ZipFile with much padding (the request-size specs pad bodies)
// makes a large body, which is left to be streamed when sent, not held
// in a buffer of its size class.
func TestPrepareUpdateLeavesALargePaddedBodyToStream(t *testing.T) {
	for _, pad := range []int{bufferedBodyMax, 5 << 20} {
		r := request.UpdateFunctionCode{FunctionName: "fn", ZipFile: []byte("PK\x05\x06"), Pad: pad}
		u := PrepareUpdate(r)
		if u.hash != "" || u.buf != nil {
			t.Errorf("Pad %d: a body of %d bytes (over %d) was built and held in memory (%d bytes of buffer), not left to stream", pad, r.BodySize(), bufferedBodyMax, cap(u.body))
		}
		u.Release()
	}
	// At the limit it is still built.
	r := request.UpdateFunctionCode{FunctionName: "fn", ZipFile: []byte("PK\x05\x06")}
	r.Pad = bufferedBodyMax - int(r.BodySize())
	if u := PrepareUpdate(r); u.hash == "" || len(u.body) != bufferedBodyMax {
		t.Errorf("a body of exactly %d bytes was not built (%d bytes)", bufferedBodyMax, len(u.body))
	}
}
