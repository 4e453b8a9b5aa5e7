package capacity_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reference/capacity"
)

// TestCeilingSendsTheRecordedAnswer records the reference's answer to an
// update with Answer and checks that FixedAnswer sends it back unchanged to
// the same request, over the replaying client UpdateRate uses.
func TestCeilingSendsTheRecordedAnswer(t *testing.T) {
	ctx := context.Background()
	ref := httptest.NewServer(reference.NewHandler(reference.Options{}))
	defer ref.Close()
	code, err := capacity.StoredZip(1<<10, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := capacity.Setup(ctx, ref.URL, "ceiling-", 1, code, false); err != nil {
		t.Fatal(err)
	}
	req, err := capacity.SignedUpdate(ref.URL, "ceiling-0", capacity.UpdateBody(code))
	if err != nil {
		t.Fatal(err)
	}
	status, header, body, err := capacity.Answer(ctx, ref.URL, req)
	if err != nil || status != http.StatusOK {
		t.Fatalf("the reference answered %d, %v: %s", status, err, body)
	}
	header.Del("Content-Length")
	ceiling := httptest.NewServer(capacity.FixedAnswer(header, body))
	defer ceiling.Close()
	status, got, gotBody, err := capacity.Answer(ctx, ceiling.URL, req)
	if err != nil || status != http.StatusOK {
		t.Fatalf("the ceiling answered %d, %v: %s", status, err, gotBody)
	}
	if string(gotBody) != string(body) {
		t.Errorf("the ceiling's body is %q, want the reference's %q", gotBody, body)
	}
	for _, k := range []string{"Content-Type", "X-Amzn-Requestid"} {
		if got.Get(k) == "" || got.Get(k) != header.Get(k) {
			t.Errorf("the ceiling's %s is %q, want the reference's %q", k, got.Get(k), header.Get(k))
		}
	}
	r, err := capacity.UpdateRate(ctx, ceiling.URL, [][]byte{req, req}, 200*time.Millisecond)
	if err != nil || r.Requests == 0 {
		t.Fatalf("replaying to the ceiling: %d answers, %v", r.Requests, err)
	}
}
