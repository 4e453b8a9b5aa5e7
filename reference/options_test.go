package reference

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// patternReader yields size bytes of a JSON body {"ZipFile":"AAAA…"} (or
// an unterminated one when size cuts it), without holding it in memory.
type patternReader struct {
	size, off int64
}

var filler = bytes.Repeat([]byte{'A'}, 64<<10)

func (p *patternReader) Read(b []byte) (int, error) {
	if p.off >= p.size {
		return 0, io.EOF
	}
	if rest := p.size - p.off; int64(len(b)) > rest {
		b = b[:rest]
	}
	var n int
	if head := `{"ZipFile":"`; p.off < int64(len(head)) {
		n = copy(b, head[p.off:])
	} else {
		n = copy(b, filler)
	}
	p.off += int64(n)
	return n, nil
}

func TestRequestTooLarge(t *testing.T) {
	for _, tc := range []struct {
		profile spec.Profile
		limit   int64
	}{{spec.ProfileAWS, spec.MaxRequestSizeAWS}, {spec.ProfileSeed, spec.MaxRequestSizeSeed}} {
		srv := startServer(t, Options{Profile: tc.profile})
		createFunction(t, lambdaClient(srv), "fn", smallZip(t, "x"))
		want, _ := spec.Expect(tc.profile, []spec.ClauseID{spec.RequestTooLarge})
		url := srv.URL + request.UpdateFunctionCode{FunctionName: "fn"}.Path()
		t.Run(string(tc.profile)+" declared", func(t *testing.T) {
			r := do(t, http.MethodPut, url, &patternReader{size: tc.limit + 1}, tc.limit+1)
			wantError(t, r, want.Status, want.ErrorTypes[0], want.MessagePrefix)
		})
		t.Run(string(tc.profile)+" chunked", func(t *testing.T) {
			r := do(t, http.MethodPut, url, io.NopCloser(&patternReader{size: tc.limit + 1}), -1)
			wantError(t, r, want.Status, want.ErrorTypes[0], want.MessagePrefix)
		})
	}
}

func TestZippedSizeLimit(t *testing.T) {
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "x"))
	big := make([]byte, spec.MaxZippedSize+1)
	want, _ := spec.Expect(spec.ProfileAWS, []spec.ClauseID{spec.ZipTooLarge})
	r := update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: big})
	wantError(t, r, want.Status, want.ErrorTypes[0], want.MessagePrefix)
}

func TestConcurrentUpdates(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	ctx := context.Background()
	createFunction(t, c, "fn", smallZip(t, "start"))
	const workers, each = 8, 10
	hashes := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, 2*workers*each)
	zips := make([][][]byte, workers)
	for w := range zips {
		for i := 0; i < each; i++ {
			zips[w] = append(zips[w], smallZip(t, fmt.Sprintf("%d_%d", w, i)))
		}
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				z := zips[w][i]
				out, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: z, Publish: i%3 == 0})
				if err != nil {
					errs <- err
					continue
				}
				if aws.ToString(out.CodeSha256) != sha256Std(z) {
					errs <- fmt.Errorf("worker %d answered %s for its own code %s", w, aws.ToString(out.CodeSha256), sha256Std(z))
				}
				mu.Lock()
				hashes[sha256Std(z)] = true
				mu.Unlock()
				if _, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn")}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn")})
	if err != nil {
		t.Fatal(err)
	}
	if !hashes[aws.ToString(got.Configuration.CodeSha256)] {
		t.Errorf("final code %s is none of the uploaded ones", aws.ToString(got.Configuration.CodeSha256))
	}
	list, err := c.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("fn")})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range list.Versions[1:] {
		if aws.ToString(v.Version) != strconv.Itoa(i+1) {
			t.Errorf("versions are not 1..n in order: %d-th is %s", i+1, aws.ToString(v.Version))
		}
	}
	if n := len(list.Versions) - 1; n != workers*((each+2)/3) {
		t.Errorf("%d versions published, want %d", n, workers*((each+2)/3))
	}
}

func TestRateLimit(t *testing.T) {
	srv := startServer(t, Options{RateLimit: 2})
	var throttled response
	for i := 0; i < 10; i++ {
		r := do(t, http.MethodGet, srv.URL+"/2015-03-31/functions/", nil, 0)
		if r.status == http.StatusTooManyRequests {
			throttled = r
			break
		}
	}
	if throttled.status == 0 {
		t.Fatalf("10 back-to-back requests at a limit of 2/s were never throttled")
	}
	wantError(t, throttled, 429, spec.ErrTooManyRequests, spec.MsgThrottled)
	if ra, err := strconv.Atoi(throttled.header.Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After = %q, want a positive number of seconds", throttled.header.Get("Retry-After"))
	}
	if throttled.json(t)["Reason"] != "CallerRateLimitExceeded" {
		t.Errorf("body %s has no Reason CallerRateLimitExceeded", throttled.body)
	}
	time.Sleep(600 * time.Millisecond)
	if r := do(t, http.MethodGet, srv.URL+"/2015-03-31/functions/", nil, 0); r.status != 200 {
		t.Errorf("after waiting for a token: status %d, want 200", r.status)
	}
}

func TestCodeStorageQuota(t *testing.T) {
	small := smallZip(t, "q")
	big := storedZip(t, 4000, 7)
	srv := startServer(t, Options{CodeStorageQuota: int64(len(small) + len(big) + 100)})
	c := lambdaClient(srv)
	createFunction(t, c, "fn", small)
	ok := wantOK(t, update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: big}))
	if ok["CodeSize"] != float64(len(big)) {
		t.Errorf("CodeSize %v, want %d", ok["CodeSize"], len(big))
	}
	r := update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: big, Publish: request.Bool(true)})
	want, _ := spec.Expect(spec.ProfileAWS, []spec.ClauseID{spec.CodeStorage})
	wantError(t, r, want.Status, want.ErrorTypes[0], want.MessagePrefix)
	wantOK(t, update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: small, Publish: request.Bool(true)}))
}

func TestUpdateDurationConflict(t *testing.T) {
	srv := startServer(t, Options{UpdateDuration: 300 * time.Millisecond})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "a"))
	first := wantOK(t, update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: smallZip(t, "b")}))
	if first["LastUpdateStatus"] != "InProgress" {
		t.Errorf("LastUpdateStatus = %v, want InProgress", first["LastUpdateStatus"])
	}
	r := update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: smallZip(t, "c")})
	want, _ := spec.Expect(spec.ProfileAWS, []spec.ClauseID{spec.ConflictInProgress})
	wantError(t, r, want.Status, want.ErrorTypes[0], want.MessagePrefix+"arn:aws:lambda:us-east-1:123456789012:function:fn")
	time.Sleep(350 * time.Millisecond)
	got := do(t, http.MethodGet, srv.URL+"/2015-03-31/functions/fn/configuration", nil, 0).json(t)
	if got["LastUpdateStatus"] != "Successful" {
		t.Errorf("after the update finished: LastUpdateStatus = %v, want Successful", got["LastUpdateStatus"])
	}
	wantOK(t, update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: smallZip(t, "c")}))
}

func TestServiceFaultEvery(t *testing.T) {
	srv := startServer(t, Options{ServiceFaultEvery: 3})
	var statuses []string
	for i := 0; i < 6; i++ {
		r := do(t, http.MethodGet, srv.URL+"/2015-03-31/functions/", nil, 0)
		statuses = append(statuses, strconv.Itoa(r.status))
		if r.status == 500 {
			wantError(t, r, 500, spec.ErrService, "")
			if _, ok := r.json(t)["Message"]; !ok {
				t.Errorf("ServiceException body %s has no Message key", r.body)
			}
		}
	}
	if got := strings.Join(statuses, ","); got != "200,200,500,200,200,500" {
		t.Errorf("statuses = %s, want every third to be 500", got)
	}
}

func TestSeedProfile(t *testing.T) {
	srv := startServer(t, Options{Profile: spec.ProfileSeed})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "seed"))
	t.Run("partition outside the seed pattern", func(t *testing.T) {
		r := update(t, srv, request.UpdateFunctionCode{FunctionName: "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn", ZipFile: smallZip(t, "x")})
		want, _ := spec.Expect(spec.ProfileSeed, spec.CheckFunctionName("arn:aws-cn:lambda:cn-north-1:123456789012:function:fn"))
		wantError(t, r, want.Status, spec.ErrValidation, want.MessagePrefix)
	})
	t.Run("newer members are unknown", func(t *testing.T) {
		z := smallZip(t, "y")
		m := wantOK(t, update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: z, Architectures: []string{"bogus"}, RevisionId: request.String("stale"), DryRun: request.Bool(true)}))
		if m["CodeSha256"] != sha256Std(z) {
			t.Errorf("CodeSha256 %v, want %s: DryRun must be ignored under seed", m["CodeSha256"], sha256Std(z))
		}
	})
}

// TestStalledUploadsDoNotBlockOthers holds more large uploads open than
// there are body slots and checks that small requests, sized and chunked,
// are still answered.
func TestStalledUploadsDoNotBlockOthers(t *testing.T) {
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "a"))
	url := srv.URL + request.UpdateFunctionCode{FunctionName: "fn"}.Path()
	var writers []*io.PipeWriter
	var wg sync.WaitGroup
	for i := 0; i < maxLargeBodies+2; i++ {
		pr, pw := io.Pipe()
		writers = append(writers, pw)
		req, _ := http.NewRequest(http.MethodPut, url, pr)
		req.ContentLength = largeBody + 1
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
		if _, err := pw.Write([]byte(`{"ZipFile":"`)); err != nil {
			t.Fatal(err)
		}
	}
	z := smallZip(t, "b")
	wantOK(t, update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: z}))
	body := request.UpdateFunctionCode{ZipFile: z}.Body()
	wantOK(t, do(t, http.MethodPut, url, io.NopCloser(bytes.NewReader(body)), -1))
	for _, pw := range writers {
		pw.CloseWithError(io.ErrUnexpectedEOF)
	}
	wg.Wait()
}
