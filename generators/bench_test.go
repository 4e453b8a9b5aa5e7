package generators

import (
	"crypto/sha256"
	"io"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// benchDraw draws b.N values from gen, one seed each.
func benchDraw[V any](b *testing.B, gen *rapid.Generator[V]) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		gen.Example(i)
	}
}

func BenchmarkFunctionNames(b *testing.B) { benchDraw(b, FunctionNames(testEnv(b, spec.ProfileAWS))) }
func BenchmarkBucketNames(b *testing.B)   { benchDraw(b, BucketNames(testEnv(b, spec.ProfileAWS))) }
func BenchmarkKeys(b *testing.B)          { benchDraw(b, Keys(testEnv(b, spec.ProfileAWS))) }
func BenchmarkValidZips(b *testing.B)     { benchDraw(b, ValidZips(0)) }
func BenchmarkZips(b *testing.B)          { benchDraw(b, Zips(ZipOptions{})) }
func BenchmarkRequests(b *testing.B)      { benchDraw(b, Requests(testEnv(b, spec.ProfileAWS))) }
func BenchmarkInvalidRequests(b *testing.B) {
	benchDraw(b, InvalidRequests(testEnv(b, spec.ProfileSeed)))
}

// BenchmarkBuildZipBomb measures the one-time cost ZipBomb caches.
func BenchmarkBuildZipBomb(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		buildZipBomb()
	}
}

// BenchmarkLargeZip builds an archive just over the zipped-size limit.
func BenchmarkLargeZip(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(largeZipMin)
	for i := uint64(0); b.Loop(); i++ {
		LargeZip(largeZipMin, i)
	}
}

// BenchmarkLargeRequestBodyHash streams the body of a request past the
// request-size limit into SHA-256, as a transport signs it, to show that
// the base64 text is never held in memory.
func BenchmarkLargeRequestBodyHash(b *testing.B) {
	env := testEnv(b, spec.ProfileAWS)
	r := request.UpdateFunctionCode{FunctionName: env.Function, ZipFile: LargeZip(requestZipMin, 1)}
	b.ReportAllocs()
	b.SetBytes(BodySize(r))
	for b.Loop() {
		body, _ := r.BodyReader()
		h := sha256.New()
		if _, err := io.Copy(h, body); err != nil {
			b.Fatal(err)
		}
	}
}
