package campaign_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// faultyProxy stands in front of a faithful reference and breaks its
// UpdateFunctionCode answers in four independent ways at once, the way an
// emulator might, with no help from the reference's own fault injection:
//   - CodeSha256 in hex instead of base64 (HASH-SHA256-*);
//   - Publish ignored: the answer names $LATEST (PUBLISH-VERSION);
//   - LastModified in RFC 3339 with nanoseconds (SCHEMA-LAST-MODIFIED);
//   - a 400 answered as 404 for a name the service refuses as too long
//     (NAME-TOO-LONG or NAME-BARE-TOO-LONG).
func faultyProxy(t *testing.T, upstream string) string {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method != http.MethodPut || !strings.HasSuffix(resp.Request.URL.Path, "/code") {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			switch {
			case resp.StatusCode == 200:
				if h, ok := m["CodeSha256"].(string); ok {
					if raw, err := decodeStd(h); err == nil {
						m["CodeSha256"] = raw
					}
				}
				if v, ok := m["Version"].(string); ok && v != "$LATEST" {
					m["Version"] = "$LATEST"
					if arn, ok := m["FunctionArn"].(string); ok {
						m["FunctionArn"] = arn[:strings.LastIndex(arn, ":")]
					}
				}
				m["LastModified"] = time.Now().UTC().Format(time.RFC3339Nano)
			case resp.StatusCode == 400 && strings.Contains(string(body), "length less than or equal to"):
				resp.StatusCode, resp.Status = 404, "404 Not Found"
				resp.Header.Set("X-Amzn-ErrorType", "ResourceNotFoundException")
				m = map[string]any{"Type": "User", "Message": "Function not found: x"}
			}
			body, _ = json.Marshal(m)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// decodeStd turns a base64 digest into hex.
func decodeStd(s string) (string, error) {
	var out strings.Builder
	raw, err := base64Std(s)
	if err != nil {
		return "", err
	}
	const hexdigits = "0123456789abcdef"
	for _, b := range raw {
		out.WriteByte(hexdigits[b>>4])
		out.WriteByte(hexdigits[b&15])
	}
	return out.String(), nil
}

// One campaign through a proxy that injects four independent faults names
// each fault's clause: no fault hides another.
func TestFourFaultsThroughAProxy(t *testing.T) {
	srv := referenceServer()
	t.Cleanup(srv.Close)
	tgt, err := target.Open(context.Background(), target.Config{Endpoint: faultyProxy(t, srv.URL), Profile: spec.ProfileAWS})
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, campaign.Config{Target: tgt, Duration: 5 * time.Second, Workers: 2})
	got := clauses(res)
	for _, want := range [][]spec.ClauseID{
		{"HASH-SHA256-INLINE", "HASH-SHA256-S3"},
		{"PUBLISH-VERSION"},
		{"SCHEMA-LAST-MODIFIED"},
		{"NAME-TOO-LONG", "NAME-BARE-TOO-LONG"},
	} {
		found := false
		for _, id := range want {
			found = found || got[id]
		}
		if !found {
			t.Errorf("no signature names %v; found %v", want, signatures(res))
		}
	}
}

func base64Std(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
