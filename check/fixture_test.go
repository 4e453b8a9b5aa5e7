package check

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// TestSetupLeavesOutVersionsWithoutIDs runs Setup against a reference whose
// PutObject answers carry no version ID, or S3's "null" of an unversioned
// bucket: although the versioned bucket was created, no object version can
// be named, so Setup leaves the versioned fixture out (the S3-version
// generators then draw nothing from it) instead of offering versions with
// empty or "null" IDs. The same proxy passing the answers unchanged keeps
// both versions.
func TestSetupLeavesOutVersionsWithoutIDs(t *testing.T) {
	for name, vid := range map[string]string{"no x-amz-version-id": "", "x-amz-version-id: null": "null", "unchanged (control)": "keep"} {
		t.Run(name, func(t *testing.T) {
			srv := reference.NewServer(reference.Options{Profile: spec.ProfileAWS})
			t.Cleanup(srv.Close)
			u, err := url.Parse(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			rp := httputil.NewSingleHostReverseProxy(u)
			rp.ModifyResponse = func(r *http.Response) error {
				if vid != "keep" && r.Request.Method == http.MethodPut && r.Header.Get("x-amz-version-id") != "" {
					if vid == "" {
						r.Header.Del("x-amz-version-id")
					} else {
						r.Header.Set("x-amz-version-id", vid)
					}
				}
				return nil
			}
			proxy := httptest.NewServer(rp)
			t.Cleanup(proxy.Close)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			tgt, err := target.Open(ctx, target.Config{Endpoint: proxy.URL, Region: "us-east-1",
				Credentials: target.EmulatorCredentials, Profile: spec.ProfileAWS})
			if err != nil {
				t.Fatalf("opening the reference: %v", err)
			}
			prefix := fixtures.NewPrefix()
			run := fixtures.NewRun(tgt, prefix)
			t.Cleanup(func() { _ = run.Cleanup(context.Background()) })
			g, err := Setup(ctx, run, prefix+"unversioned", spec.ProfileAWS)
			if err != nil {
				t.Fatalf("Setup: %v", err)
			}
			if g.Bucket == "" || g.Key == "" {
				t.Errorf("Setup made no bucket fixture: %+v", g)
			}
			if vid == "keep" {
				if g.VersionedBucket == "" || len(g.Versions) != 2 {
					t.Errorf("Setup made no versioned fixture on the reference itself: %+v", g)
				}
				return
			}
			if g.VersionedBucket != "" || g.VersionedKey != "" || len(g.Versions) != 0 {
				var ids []string
				for _, v := range g.Versions {
					ids = append(ids, v.ID)
				}
				t.Errorf("Setup offers versions whose IDs the endpoint did not give: bucket %q key %q version IDs %q",
					g.VersionedBucket, g.VersionedKey, ids)
			}
		})
	}
}
