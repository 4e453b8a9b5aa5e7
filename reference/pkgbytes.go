package reference

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"sync"
)

// packageBytes is a deployment package held once: either as its bytes (an
// S3 object, or a ZipFile string that needed JSON unescaping) or as the
// standard base64 text of an inline ZipFile, a slice of the request body
// that is decoded whenever it is read. An inline package therefore costs
// no decoded copy: its hash and size are streamed from the text when the
// request is parsed, the archive checks read it through ReaderAt, and
// GetFunction's code location decodes it as it writes.
type packageBytes struct {
	// raw is the package itself when it is held decoded.
	raw []byte
	// text is the package's base64 text when raw is nil; size is the
	// package's length in bytes and sum its SHA-256, both computed from
	// text by scanBase64.
	text []byte
	size int64
	sum  [sha256.Size]byte
}

// rawPackage holds b as it is.
func rawPackage(b []byte) packageBytes { return packageBytes{raw: b, size: int64(len(b))} }

// Len is the package's length in bytes.
func (p packageBytes) Len() int64 {
	if p.text == nil {
		return int64(len(p.raw))
	}
	return p.size
}

// Sum256 is the SHA-256 of the package's bytes.
func (p packageBytes) Sum256() [sha256.Size]byte {
	if p.text == nil {
		return sha256.Sum256(p.raw)
	}
	return p.sum
}

// ReaderAt reads the package's bytes at any offset without decoding more
// than the bytes asked for.
func (p packageBytes) ReaderAt() io.ReaderAt {
	if p.text == nil {
		return bytes.NewReader(p.raw)
	}
	return base64ReaderAt{text: p.text, size: p.size}
}

// WriteTo writes the package's bytes to w, decoding the text in chunks.
func (p packageBytes) WriteTo(w io.Writer) (int64, error) {
	if p.text == nil {
		n, err := w.Write(p.raw)
		return int64(n), err
	}
	var written int64
	_, err := decodeChunks(p.text, func(b []byte) error {
		n, err := w.Write(b)
		written += int64(n)
		return err
	})
	return written, err
}

// textPackage returns the package whose standard base64 text is text, with
// its size and SHA-256, decoding it in chunks and never holding the
// decoded bytes. The error is the one base64.StdEncoding.Decode returns
// for the whole of text, at the same offset.
func textPackage(text []byte) (packageBytes, error) {
	h := sha256.New()
	n, err := decodeChunks(text, func(b []byte) error {
		_, _ = h.Write(b)
		return nil
	})
	if err != nil {
		return packageBytes{}, err
	}
	p := packageBytes{text: text, size: n}
	h.Sum(p.sum[:0])
	return p, nil
}

// decodeChunk is the size of the text decoded at once, a multiple of 4 so
// that every chunk holds whole base64 quanta.
const decodeChunk = 32 << 10

// decodeChunks decodes the standard base64 text in chunks of decodeChunk
// characters, hands each chunk's bytes to sink and returns the number of
// bytes decoded. Its error, when the text is not valid, is the one
// base64.StdEncoding.Decode returns for the whole text; the text must hold
// no line breaks, which Decode would skip.
func decodeChunks(text []byte, sink func([]byte) error) (int64, error) {
	return decodeChunksOf(text, decodeChunk, sink)
}

// decodeChunksOf is decodeChunks with chunks of size characters, a
// positive multiple of 4.
func decodeChunksOf(text []byte, size int, sink func([]byte) error) (int64, error) {
	n := base64.StdEncoding.DecodedLen(min(len(text), size))
	if size == decodeChunk {
		pooled := decodeBuffers.Get().(*[decodeChunk / 4 * 3]byte)
		defer decodeBuffers.Put(pooled)
		return decodeInto(pooled[:n], text, size, sink)
	}
	return decodeInto(make([]byte, n), text, size, sink)
}

// decodeBuffers holds decodeChunks's buffers between requests.
var decodeBuffers = sync.Pool{New: func() any { return new([decodeChunk / 4 * 3]byte) }}

// decodeInto is decodeChunksOf with buf, of the decoded size of one chunk.
func decodeInto(buf, text []byte, size int, sink func([]byte) error) (int64, error) {
	var total int64
	for start := 0; start < len(text); start += size {
		chunk := text[start:min(start+size, len(text))]
		n, err := base64.StdEncoding.Decode(buf, chunk)
		if err != nil {
			if c, ok := err.(base64.CorruptInputError); ok {
				return total, c + base64.CorruptInputError(start)
			}
			return total, err
		}
		last := start+len(chunk) == len(text)
		if !last && n < len(buf) {
			// The chunk ended with padding and more text follows: Decode of
			// the whole text reports the first byte after the padding.
			return total, base64.CorruptInputError(start + len(chunk))
		}
		total += int64(n)
		if err := sink(buf[:n]); err != nil {
			return total, err
		}
	}
	return total, nil
}

// base64ReaderAt reads the bytes that a valid standard base64 text
// encodes, decoding only the quanta that hold the bytes asked for.
type base64ReaderAt struct {
	text []byte
	size int64
}

func (r base64ReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if off >= r.size {
		return 0, io.EOF
	}
	want := len(p)
	if rest := r.size - off; int64(want) > rest {
		want = int(rest)
	}
	n := 0
	var q [3]byte
	for n < want {
		pos := off + int64(n)
		quantum, skip := pos/3, int(pos%3)
		// Whole quanta decode straight into p; a partial one, at either
		// end, goes through q.
		if whole := (want - n) / 3; skip == 0 && whole > 0 {
			t := r.text[quantum*4 : (quantum+int64(whole))*4]
			m, err := base64.StdEncoding.Decode(p[n:], t)
			if err != nil {
				return n, err
			}
			n += m
			continue
		}
		t := r.text[quantum*4 : quantum*4+4]
		m, err := base64.StdEncoding.Decode(q[:], t)
		if err != nil {
			return n, err
		}
		n += copy(p[n:want], q[skip:m])
	}
	if want < len(p) {
		return n, io.EOF
	}
	return n, nil
}
