package generators

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unsafe"

	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// Zip is a generated deployment package.
type Zip struct {
	// Bytes is the package exactly as it is sent or stored.
	Bytes []byte
}

// ZipOptions selects what Zips draws.
type ZipOptions struct {
	// Large draws only the classes past the size limits: zips over
	// 52428800 bytes, some of them large enough that the request exceeds
	// 70167211 bytes. Each such draw builds one buffer of about 53 MB.
	Large bool
	// MaxSize caps the size of the valid archives the small classes draw
	// and of the invalid ones made from them. Zero means DefaultMaxZipSize.
	// The zip bomb is one fixed archive of about 270 KB whatever the cap.
	MaxSize int
}

const (
	// DefaultMaxZipSize is the default cap of a drawn archive: several MiB,
	// though most draws are far smaller.
	DefaultMaxZipSize = 6 << 20
	// minMaxZipSize is the smallest cap that fits an archive of one entry.
	minMaxZipSize = 512
	// bombEntry and bombEntries shape the zip bomb: identical deflated runs
	// of zeros whose total exceeds spec.MaxUnzippedSize.
	bombEntry   = 4 << 20
	bombEntries = spec.MaxUnzippedSize/bombEntry + 2
)

// asciiPrintable is the space and the printable ASCII characters.
var asciiPrintable = &unicode.RangeTable{R16: []unicode.Range16{{Lo: 0x20, Hi: 0x7e, Stride: 1}}, LatinOffset: 1}

// zipTime is the modification time of every generated entry, so that equal
// draws give equal bytes.
var zipTime = time.Date(2020, 2, 2, 20, 20, 20, 0, time.UTC)

// entry is one member of a generated archive.
type entry struct {
	name   string
	dir    bool
	method uint16
	data   []byte
}

// zipEntryOverhead bounds the bytes an archive spends on an entry besides
// its data: local header, data descriptor, central directory record and
// the extended-timestamp fields, with the name twice.
func zipEntryOverhead(name string) int { return 30 + 16 + 46 + 2*len(name) + 2*9 + 64 }

// deflateBound bounds the deflated size of n bytes, whether deflated at
// once or, for a window of randomPool, from deflatedChunk's chunks: each
// 4 KiB chunk deflates to at most a stored block and the flush's empty
// one, 10 bytes over its size.
func deflateBound(n int) int { return n + n/256 + 64 }

// deflateInverse is the most content whose deflateBound fits budget bytes.
func deflateInverse(budget int) int { return max(0, (budget-deflateBound(0))*256/257) }

// drawEntries draws 1..6 entries, at least one a regular file, whose archive
// stays within maxSize bytes.
func drawEntries(t *rapid.T, maxSize int) []entry {
	budget := maxSize - 22
	n := rapid.IntRange(1, 6).Draw(t, "entries")
	var out []entry
	for i := 0; i < n; i++ {
		e := entry{method: zip.Deflate}
		e.dir = i > 0 && rapid.IntRange(0, 4).Draw(t, "dir") == 0
		e.name = drawEntryName(t, i, e.dir)
		budget -= zipEntryOverhead(e.name)
		if budget < 0 {
			break
		}
		if e.dir {
			e.method = zip.Store
			out = append(out, e)
			continue
		}
		if rapid.Bool().Draw(t, "stored") {
			e.method = zip.Store
		}
		e.data = drawContent(t, deflateInverse(budget))
		budget -= deflateBound(len(e.data))
		out = append(out, e)
	}
	if len(out) == 0 {
		panic(fmt.Sprintf("generators: MaxSize %d cannot hold an archive of one entry; use at least %d", maxSize, minMaxZipSize))
	}
	return out
}

// entrySegment draws one segment of an entry's path: 1..12 characters of
// [a-zA-Z0-9_-] spelled from one drawn number, six bits a character, so
// that a path costs rapid a few draws rather than one per character; it
// shrinks toward "a".
var entrySegment = rapid.Custom(func(t *rapid.T) string {
	n := rapid.IntRange(1, 12).Draw(t, "length")
	bits := rapid.Uint64().Draw(t, "spelling")
	b := make([]byte, n)
	for i := range b {
		// nameChars has 64 characters; rotating by six bits spells
		// twelve from 64.
		b[i] = nameChars[bits&63]
		bits = bits>>6 | bits<<58
	}
	return string(b)
})

// drawEntryName draws the path of entry i. Its first segment starts with
// the index, so that no two entries collide and no file shadows a directory.
func drawEntryName(t *rapid.T, i int, dir bool) string {
	segs := make([]string, rapid.IntRange(1, 3).Draw(t, "segments"))
	for i := range segs {
		segs[i] = entrySegment.Draw(t, "segment")
	}
	name := fmt.Sprintf("e%d", i)
	for j, s := range segs {
		if j == 0 {
			name += "-" + s
		} else {
			name += "/" + s
		}
	}
	if dir {
		return name + "/"
	}
	return name + rapid.SampledFrom([]string{"", ".py", ".txt", ".json", ".bin"}).Draw(t, "ext")
}

// drawContent draws the bytes of one file, at most limit bytes: mostly a few
// bytes of text, sometimes kilobytes, rarely megabytes of pseudo-random or
// repeated bytes.
func drawContent(t *rapid.T, limit int) []byte {
	tier := rapid.IntRange(0, 19).Draw(t, "size tier")
	switch {
	case tier < 14:
		return []byte(rapid.StringOfN(rapid.RuneFrom(nil, asciiPrintable), 0, min(limit, 256), min(limit, 256)).Draw(t, "text"))
	case tier < 19:
		return fillContent(t, rapid.IntRange(0, min(limit, 64<<10)).Draw(t, "size"))
	}
	return fillContent(t, rapid.IntRange(0, min(limit, randomPoolSize)).Draw(t, "size"))
}

// fillContent draws n bytes, at most randomPoolSize: a window of randomPool
// at a drawn seed, or one repeated byte. The window is shared and must not
// be written to.
func fillContent(t *rapid.T, n int) []byte {
	if rapid.Bool().Draw(t, "repeated") {
		c := rapid.Byte().Draw(t, "byte")
		return bytes.Repeat([]byte{c}, n)
	}
	seed := rapid.Uint64().Draw(t, "seed")
	pool := randomPool()
	// The window starts at a chunk, so that writeZip deflates it from
	// deflatedChunk.
	off := int(seed%uint64((len(pool)-n)/poolChunk+1)) * poolChunk
	return pool[off : off+n : off+n]
}

// poolChunk is the span of randomPool that deflatedChunk deflates alone.
const poolChunk = 4 << 10

// deflatedChunks holds each poolChunk of randomPool deflated on its own at
// flate.BestSpeed and flushed to a byte boundary, with no reference to
// another chunk: the chunks from one at off onward, then the rest of a
// window deflated and closed, make a valid Deflate stream of the window.
// Drawn archives hold megabytes of such content; deflating it once, rather
// than at every draw, is most of what drawing them costs. Each chunk is
// deflated when a window first needs it, so that no draw waits for the
// whole pool (a second and more under the race detector).
var deflatedChunks [randomPoolSize / poolChunk]atomic.Pointer[[]byte]

// deflatedChunk returns chunk j of randomPool deflated alone. Two draws
// that need it at once may both deflate it; they get equal bytes.
func deflatedChunk(j int) []byte {
	if p := deflatedChunks[j].Load(); p != nil {
		return *p
	}
	var buf bytes.Buffer
	fw := fastDeflatePool.Get().(*flate.Writer)
	fw.Reset(&buf)
	_, err := fw.Write(randomPool()[j*poolChunk : (j+1)*poolChunk])
	mustZip(err)
	mustZip(fw.Flush())
	fastDeflatePool.Put(fw)
	b := buf.Bytes()
	deflatedChunks[j].CompareAndSwap(nil, &b)
	return *deflatedChunks[j].Load()
}

// poolOffset returns where b starts in randomPool, if b is a window of it.
func poolOffset(b []byte) (int, bool) {
	pool := randomPool()
	if len(b) == 0 {
		return 0, false
	}
	p, start := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(unsafe.Pointer(unsafe.SliceData(pool)))
	if p < start || p+uintptr(len(b)) > start+uintptr(len(pool)) {
		return 0, false
	}
	return int(p - start), true
}

// deflateWindow returns the Deflate stream of randomPool[off:off+n] in
// parts, off a multiple of poolChunk: the chunks deflatedChunk returns, then
// the rest deflated now.
func deflateWindow(off, n int) [][]byte {
	var parts [][]byte
	j := off / poolChunk
	for ; (j+1)*poolChunk <= off+n; j++ {
		parts = append(parts, deflatedChunk(j))
	}
	var rest bytes.Buffer
	fw, _ := fastDeflate(&rest)
	_, err := fw.Write(randomPool()[j*poolChunk : off+n])
	mustZip(err)
	mustZip(fw.Close())
	return append(parts, rest.Bytes())
}

// randomPoolSize is the size of randomPool: the largest content drawContent
// draws.
const randomPoolSize = 4 << 20

// randomPool returns randomPoolSize pseudo-random bytes, made once: drawn
// content is a window of it rather than bytes generated (and cleared) at
// every draw, which cost a draw more than the rest of its zip.
var randomPool = sync.OnceValue(func() []byte {
	b := make([]byte, randomPoolSize)
	randomSource(0x6c616d626461).Read(b)
	return b
})

// randomSource returns a fast deterministic byte stream for seed.
func randomSource(seed uint64) *rand.ChaCha8 {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	return rand.NewChaCha8(key)
}

// writeZip writes entries as an archive. corrupt, when non-nil, rewrites the
// header of the entry at index corrupt.at before it is written raw.
func writeZip(entries []entry, corrupt *corruption) []byte {
	// The archive is written into a buffer of its bound at once, rather
	// than one that grows (and is copied and cleared) as it fills.
	bound := 22
	for _, e := range entries {
		bound += zipEntryOverhead(e.name) + deflateBound(len(e.data))
	}
	buf := bytes.NewBuffer(make([]byte, 0, bound))
	w := zip.NewWriter(buf)
	w.RegisterCompressor(zip.Deflate, fastDeflate)
	for i, e := range entries {
		fh := &zip.FileHeader{Name: e.name, Method: e.method, Modified: zipTime}
		if corrupt != nil && corrupt.at == i {
			writeRaw(w, fh, e.data, corrupt)
			continue
		}
		if off, ok := poolOffset(e.data); ok && e.method == zip.Deflate && off%poolChunk == 0 {
			writeDeflated(w, fh, e.data, deflateWindow(off, len(e.data)))
			continue
		}
		f, err := w.CreateHeader(fh)
		mustZip(err)
		_, err = f.Write(e.data)
		mustZip(err)
	}
	mustZip(w.Close())
	return buf.Bytes()
}

// writeDeflated writes an entry of data whose Deflate stream is the
// concatenation of parts.
func writeDeflated(w *zip.Writer, fh *zip.FileHeader, data []byte, parts [][]byte) {
	fh.CRC32 = crc32.ChecksumIEEE(data)
	fh.UncompressedSize64 = uint64(len(data))
	for _, p := range parts {
		fh.CompressedSize64 += uint64(len(p))
	}
	f, err := w.CreateRaw(fh)
	mustZip(err)
	for _, p := range parts {
		_, err = f.Write(p)
		mustZip(err)
	}
}

// fastDeflatePool holds flate writers at flate.BestSpeed. Drawing cases is
// the harness's own cost per request, and most of a drawn zip's cost is
// compressing it: the fastest level, from writers reused rather than
// allocated and cleared at each entry, keeps the archives valid Deflate at a
// fraction of the cost. The level says nothing a check or the endpoint
// relies on.
var fastDeflatePool = sync.Pool{New: func() any {
	w, err := flate.NewWriter(nil, flate.BestSpeed)
	mustZip(err)
	return w
}}

// pooledDeflate returns its writer to fastDeflatePool when closed.
type pooledDeflate struct{ *flate.Writer }

func (p pooledDeflate) Close() error {
	err := p.Writer.Close()
	fastDeflatePool.Put(p.Writer)
	return err
}

// fastDeflate is the zip.Compressor writeZip registers for Deflate.
func fastDeflate(out io.Writer) (io.WriteCloser, error) {
	w := fastDeflatePool.Get().(*flate.Writer)
	w.Reset(out)
	return pooledDeflate{w}, nil
}

// corruption says how writeZip falsifies one entry's header.
type corruption struct {
	at int
	// crcMask is XORed into the CRC-32; sizeDelta is added to the
	// uncompressed size; method, when non-zero, replaces the method.
	crcMask   uint32
	sizeDelta uint64
	method    uint16
}

// writeRaw compresses data itself and writes the entry with the falsified
// header, so that the local header and the central directory agree on the
// lie.
func writeRaw(w *zip.Writer, fh *zip.FileHeader, data []byte, c *corruption) {
	var comp bytes.Buffer
	if fh.Method == zip.Deflate {
		fw, _ := fastDeflate(&comp)
		_, err := fw.Write(data)
		mustZip(err)
		mustZip(fw.Close())
	} else {
		comp.Write(data)
	}
	fh.CRC32 = crc32.ChecksumIEEE(data) ^ c.crcMask
	fh.CompressedSize64 = uint64(comp.Len())
	fh.UncompressedSize64 = uint64(len(data)) + c.sizeDelta
	if c.method != 0 {
		fh.Method = c.method
	}
	f, err := w.CreateRaw(fh)
	mustZip(err)
	_, err = f.Write(comp.Bytes())
	mustZip(err)
}

// mustZip panics on an error writing to memory, which archive/zip returns
// only for a programming error such as a duplicate or malformed header.
func mustZip(err error) {
	if err != nil {
		panic("generators: building an archive in memory: " + err.Error())
	}
}

// ValidZips draws well-formed archives of at most maxSize bytes (zero
// means DefaultMaxZipSize), each with at least one regular file.
func ValidZips(maxSize int) *rapid.Generator[[]byte] {
	maxSize = zipCap(maxSize)
	return rapid.Custom(func(t *rapid.T) []byte {
		return writeZip(drawEntries(t, maxSize), nil)
	})
}

func zipCap(maxSize int) int {
	if maxSize == 0 {
		return DefaultMaxZipSize
	}
	if maxSize < minMaxZipSize {
		panic(fmt.Sprintf("generators: ZipOptions.MaxSize %d is too small for an archive; use 0 for the default or at least %d", maxSize, minMaxZipSize))
	}
	return maxSize
}

// zipBuilder draws the payloads of one class; maxSize caps the archives it
// starts from.
type zipBuilder struct {
	class string
	build func(t *rapid.T, maxSize int) []byte
}

// smallZipBuilders draw every class within a size cap, the valid one first.
var smallZipBuilders = []zipBuilder{
	{ClassZipValid, func(t *rapid.T, maxSize int) []byte { return writeZip(drawEntries(t, maxSize), nil) }},
	{ClassZipRandomBytes, func(t *rapid.T, maxSize int) []byte {
		b := rapid.SliceOfN(rapid.Byte(), 1, min(maxSize, 512)).Draw(t, "bytes")
		for i := bytes.Index(b, endSignature); i >= 0; i = bytes.Index(b, endSignature) {
			b[i] = 'p'
		}
		return b
	}},
	{ClassZipTruncated, func(t *rapid.T, maxSize int) []byte {
		b := writeZip(drawEntries(t, maxSize), nil)
		return b[:rapid.IntRange(1, firstEntryEnd(b)-1).Draw(t, "cut")]
	}},
	{ClassZipCorruptCRC, func(t *rapid.T, maxSize int) []byte {
		entries, at := drawEntriesWithData(t, maxSize)
		mask := rapid.Uint32Min(1).Draw(t, "crc mask")
		if crc32.ChecksumIEEE(entries[at].data)^mask == 0 {
			mask ^= 1
		}
		return writeZip(entries, &corruption{at: at, crcMask: mask})
	}},
	{ClassZipLyingHeader, func(t *rapid.T, maxSize int) []byte {
		entries, at := drawEntriesWithData(t, maxSize)
		c := &corruption{at: at}
		if rapid.Bool().Draw(t, "unknown method") {
			c.method = rapid.SampledFrom([]uint16{1, 6, 7, 10, 97, 99, 0x7777}).Draw(t, "method")
		} else {
			c.sizeDelta = rapid.Uint64Range(1, 1<<20).Draw(t, "size delta")
		}
		return writeZip(entries, c)
	}},
	{ClassZipDoubleBase64, func(t *rapid.T, maxSize int) []byte {
		z := writeZip(drawEntries(t, maxSize*3/4), nil)
		return []byte(base64.StdEncoding.EncodeToString(z))
	}},
	{ClassZipEmpty, func(t *rapid.T, maxSize int) []byte { return writeZip(nil, nil) }},
	{ClassZipBomb, func(t *rapid.T, maxSize int) []byte { return ZipBomb() }},
}

// endSignature starts an archive's end-of-central-directory record.
var endSignature = []byte("PK\x05\x06")

// drawEntriesWithData draws entries and the index of a regular file with at
// least one byte of data, adding one byte where none has any.
func drawEntriesWithData(t *rapid.T, maxSize int) ([]entry, int) {
	entries := drawEntries(t, maxSize-1)
	var files []int
	for i, e := range entries {
		if !e.dir && len(e.data) > 0 {
			files = append(files, i)
		}
	}
	if len(files) == 0 {
		entries[0].data = []byte("x")
		return entries, 0
	}
	return entries, rapid.SampledFrom(files).Draw(t, "corrupt entry")
}

// firstEntryEnd returns the offset where the first entry's data ends, so
// that a cut before it leaves even a streaming reader short.
func firstEntryEnd(b []byte) int {
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	mustZip(err)
	off, err := r.File[0].DataOffset()
	mustZip(err)
	return int(off) + int(r.File[0].CompressedSize64)
}

var (
	bombOnce  sync.Once
	bombBytes []byte
)

// ZipBomb returns an archive of a few hundred kilobytes whose entries unzip
// to more than spec.MaxUnzippedSize bytes. It is built once and shared:
// callers must not modify it.
func ZipBomb() []byte {
	bombOnce.Do(func() { bombBytes = buildZipBomb() })
	return bombBytes
}

// buildZipBomb deflates one entry of zeros and writes it bombEntries times.
func buildZipBomb() []byte {
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.BestCompression)
	mustZip(err)
	_, err = fw.Write(make([]byte, bombEntry))
	mustZip(err)
	mustZip(fw.Close())
	crc := crc32.ChecksumIEEE(make([]byte, bombEntry))
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i < bombEntries; i++ {
		f, err := w.CreateRaw(&zip.FileHeader{
			Name: fmt.Sprintf("zeros-%03d.bin", i), Method: zip.Deflate, Modified: zipTime,
			CRC32: crc, CompressedSize64: uint64(comp.Len()), UncompressedSize64: bombEntry,
		})
		mustZip(err)
		_, err = f.Write(comp.Bytes())
		mustZip(err)
	}
	mustZip(w.Close())
	return buf.Bytes()
}

// Sizes of the large classes. A too-large zip keeps its request, with room
// for the other members, under today's request limit; a request-too-large
// zip's base64 alone exceeds it.
const (
	largeZipMin        = spec.MaxZippedSize + 1
	largeZipMax        = (spec.MaxRequestSizeAWS - 1024) / 4 * 3
	requestZipMin      = (spec.MaxRequestSizeAWS+3)/4*3 + 3
	requestZipMaxExtra = 1 << 20
)

var largeZipBuilders = []zipBuilder{
	{ClassZipTooLarge, func(t *rapid.T, _ int) []byte {
		return LargeZip(rapid.IntRange(largeZipMin, largeZipMax).Draw(t, "zip size"), rapid.Uint64().Draw(t, "seed"))
	}},
	{ClassZipRequestLarge, func(t *rapid.T, _ int) []byte {
		return LargeZip(rapid.IntRange(requestZipMin, requestZipMin+requestZipMaxExtra).Draw(t, "zip size"), rapid.Uint64().Draw(t, "seed"))
	}},
}

// largeName is the one entry of a LargeZip.
const largeName = "large.bin"

// LargeZip returns a valid archive of exactly size bytes: one stored entry
// of pseudo-random bytes from seed, incompressible by design. It builds the
// archive in one buffer of that size, streaming the content through a
// small one.
func LargeZip(size int, seed uint64) []byte {
	overhead := len(writeZip([]entry{{name: largeName, method: zip.Store, data: []byte{}}}, nil))
	if size < overhead {
		panic(fmt.Sprintf("generators: LargeZip(%d): an archive of one stored entry needs at least %d bytes", size, overhead))
	}
	var buf bytes.Buffer
	buf.Grow(size)
	w := zip.NewWriter(&buf)
	f, err := w.CreateHeader(&zip.FileHeader{Name: largeName, Method: zip.Store, Modified: zipTime})
	mustZip(err)
	src := randomSource(seed)
	chunk := make([]byte, 64<<10)
	for left := size - overhead; left > 0; left -= len(chunk) {
		if left < len(chunk) {
			chunk = chunk[:left]
		}
		src.Read(chunk)
		_, err := f.Write(chunk)
		mustZip(err)
	}
	mustZip(w.Close())
	if buf.Len() != size {
		panic(fmt.Sprintf("generators: LargeZip(%d) built %d bytes: the archive overhead changed", size, buf.Len()))
	}
	return buf.Bytes()
}

// Zips draws deployment packages with their classification: valid archives
// and every kind of broken one, or with opts.Large only those past the size
// limits. A large zip's Breaks include the request-size clauses that its
// inline upload cannot avoid.
func Zips(opts ZipOptions) *rapid.Generator[Classified[Zip]] {
	builders := smallZipBuilders
	if opts.Large {
		builders = largeZipBuilders
	}
	maxSize := zipCap(opts.MaxSize)
	return rapid.Custom(func(t *rapid.T) Classified[Zip] {
		b := rapid.SampledFrom(builders).Draw(t, "zip class")
		return classifyZip(b.class, b.build(t, maxSize))
	})
}

// zipClassBreaks are the clauses each zip class breaks by construction. The
// large classes also break the request-size limits their base64 text cannot
// fit, as it must when the zip is sent inline.
var zipClassBreaks = map[string][]spec.ClauseID{
	ClassZipValid:        nil,
	ClassZipRandomBytes:  {spec.ZipNotZip},
	ClassZipTruncated:    {spec.ZipNotZip},
	ClassZipCorruptCRC:   {spec.ZipNotZip},
	ClassZipLyingHeader:  {spec.ZipNotZip},
	ClassZipDoubleBase64: {spec.ZipNotZip},
	ClassZipEmpty:        {spec.ZipEmpty},
	ClassZipBomb:         {spec.ZipUnzippedLarge},
	ClassZipTooLarge:     {spec.ZipTooLarge, spec.RequestTooLargeSeed},
	ClassZipRequestLarge: {spec.ZipTooLarge, spec.RequestTooLarge, spec.RequestTooLargeSeed},
}

func classifyZip(class string, b []byte) Classified[Zip] {
	return Classified[Zip]{Value: Zip{Bytes: b}, Breaks: append([]spec.ClauseID(nil), zipClassBreaks[class]...), Class: class}
}

// drawZip draws one small zip of any class.
func drawZip(t *rapid.T, maxSize int) Classified[Zip] {
	b := rapid.SampledFrom(smallZipBuilders).Draw(t, "zip class")
	return classifyZip(b.class, b.build(t, maxSize))
}

// UnzippedZip returns a valid archive of one deflated entry of unzipped
// zero bytes, whose content the archive stores in about a thousandth of
// that: a package near the unzipped-size limit that is small to send. It
// is deterministic, and streams the zeros through a 1 MiB buffer.
func UnzippedZip(unzipped int64) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.CreateHeader(&zip.FileHeader{Name: "zeros.bin", Method: zip.Deflate, Modified: zipTime})
	mustZip(err)
	chunk := make([]byte, 1<<20)
	for left := unzipped; left > 0; left -= int64(len(chunk)) {
		if left < int64(len(chunk)) {
			chunk = chunk[:left]
		}
		_, err := f.Write(chunk)
		mustZip(err)
	}
	mustZip(w.Close())
	return buf.Bytes()
}
