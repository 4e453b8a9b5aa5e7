package reference

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"testing"

	"pgregory.net/rapid"
)

// base64Text draws text that is mostly valid standard base64, with now and
// then padding, a bad character or a short tail where either can break it.
func base64Text(t *rapid.T) []byte {
	data := rapid.SliceOfN(rapid.Byte(), 0, 64).Draw(t, "data")
	text := []byte(base64.StdEncoding.EncodeToString(data))
	for range rapid.IntRange(0, 3).Draw(t, "edits") {
		if len(text) == 0 {
			break
		}
		i := rapid.IntRange(0, len(text)-1).Draw(t, "at")
		switch rapid.IntRange(0, 3).Draw(t, "edit") {
		case 0:
			text[i] = '='
		case 1:
			text[i] = rapid.SampledFrom([]byte("!-_ \t\x00\xff")).Draw(t, "bad")
		case 2:
			text = text[:i]
		case 3:
			text = append(text[:i:i], append([]byte("AA=="), text[i:]...)...)
		}
	}
	return text
}

// The chunked decoder gives the bytes, and the error at the offset, that
// base64.StdEncoding.Decode gives for the whole text, whatever the chunk
// size: the messages that quote the offset stay as they were.
func TestDecodeChunksMatchesDecode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		text := base64Text(t)
		size := 4 * rapid.IntRange(1, 5).Draw(t, "quanta per chunk")
		want := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
		n, wantErr := base64.StdEncoding.Decode(want, text)
		var got []byte
		total, err := decodeChunksOf(text, size, func(b []byte) error {
			got = append(got, b...)
			return nil
		})
		if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
			t.Fatalf("text %q in chunks of %d: error %v, Decode's %v", text, size, err, wantErr)
		}
		if wantErr == nil && (!bytes.Equal(got, want[:n]) || total != int64(n)) {
			t.Fatalf("text %q in chunks of %d: decoded %x (%d), Decode %x", text, size, got, total, want[:n])
		}
	})
}

// Every read through the text's ReaderAt returns the bytes at that offset
// of the decoded package, and io.EOF past its end, as bytes.Reader does.
func TestBase64ReaderAtMatchesBytes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := rapid.SliceOfN(rapid.Byte(), 0, 100).Draw(t, "data")
		p, err := textPackage([]byte(base64.StdEncoding.EncodeToString(data)))
		if err != nil {
			t.Fatal(err)
		}
		if p.Len() != int64(len(data)) || p.Sum256() != sha256.Sum256(data) {
			t.Fatalf("package of %d bytes: Len %d, Sum256 %x", len(data), p.Len(), p.Sum256())
		}
		var out bytes.Buffer
		if _, err := p.WriteTo(&out); err != nil || !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("WriteTo wrote %x (%v), want %x", out.Bytes(), err, data)
		}
		off := rapid.Int64Range(0, int64(len(data))+3).Draw(t, "off")
		buf := make([]byte, rapid.IntRange(0, 40).Draw(t, "len"))
		wantBuf := make([]byte, len(buf))
		wantN, wantErr := bytes.NewReader(data).ReadAt(wantBuf, off)
		n, err := p.ReaderAt().ReadAt(buf, off)
		if n != wantN || !bytes.Equal(buf[:n], wantBuf[:wantN]) || err != wantErr {
			t.Fatalf("ReadAt(%d bytes, %d) of %x: %x, %v; want %x, %v", len(buf), off, data, buf[:n], err, wantBuf[:wantN], wantErr)
		}
	})
}
