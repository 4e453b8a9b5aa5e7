package s3store

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestVersioningLifecycle(t *testing.T) {
	s := New(0)
	if err := s.CreateBucket("bkt"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateBucket("bkt"); !errors.Is(err, ErrBucketAlreadyOwned) {
		t.Errorf("second CreateBucket: %v, want BucketAlreadyOwnedByYou", err)
	}
	if err := s.CreateBucket("Bad_Name"); !errors.Is(err, ErrInvalidBucketName) {
		t.Errorf("CreateBucket(Bad_Name): %v, want InvalidBucketName", err)
	}
	plain, _ := s.Put("bkt", "k", []byte("one"), "")
	if plain.VersionID != NullVersion {
		t.Errorf("unversioned put has version %q, want null", plain.VersionID)
	}
	if err := s.SetVersioning("bkt", VersioningEnabled); err != nil {
		t.Fatal(err)
	}
	v2, _ := s.Put("bkt", "k", []byte("two"), "")
	v3, _ := s.Put("bkt", "k", []byte("three"), "")
	if v2.VersionID == v3.VersionID || len(v2.VersionID) != 32 {
		t.Errorf("version IDs %q, %q: want distinct 32-character IDs", v2.VersionID, v3.VersionID)
	}
	for id, want := range map[string]string{"": "three", NullVersion: "one", v2.VersionID: "two"} {
		o, err := s.Get("bkt", "k", id)
		if err != nil || string(o.Data) != want {
			t.Errorf("Get(version %q) = %v, %v; want %q", id, o, err, want)
		}
	}
	if _, err := s.Get("bkt", "k", strings.Repeat("z", 32)); !errors.Is(err, ErrNoSuchVersion) {
		t.Errorf("unknown version: %v, want NoSuchVersion", err)
	}
	d, err := s.Delete("bkt", "k", "")
	if err != nil || !d.DeleteMarker {
		t.Fatalf("Delete on a versioned bucket: %+v, %v; want a delete marker", d, err)
	}
	if _, err := s.Get("bkt", "k", ""); !errors.Is(err, ErrNoSuchKey) {
		t.Errorf("Get behind a delete marker: %v, want NoSuchKey", err)
	}
	if o, err := s.Get("bkt", "k", v2.VersionID); err != nil || string(o.Data) != "two" {
		t.Errorf("old version behind a delete marker: %v, %v", o, err)
	}
	if _, err := s.Delete("bkt", "k", d.VersionID); err != nil {
		t.Fatal(err)
	}
	if o, err := s.Get("bkt", "k", ""); err != nil || string(o.Data) != "three" {
		t.Errorf("after removing the delete marker: %v, %v; want three", o, err)
	}
	vs, _ := s.Versions("bkt", "")
	if len(vs) != 3 || !vs[0].IsLatest || string(vs[0].Data) != "three" {
		t.Errorf("Versions = %d entries, want 3 newest first", len(vs))
	}
	if err := s.DeleteBucket("bkt"); !errors.Is(err, ErrBucketNotEmpty) {
		t.Errorf("DeleteBucket of a full bucket: %v", err)
	}
	if _, err := s.Put("nope", "k", nil, ""); !errors.Is(err, ErrNoSuchBucket) {
		t.Errorf("Put into a missing bucket: %v", err)
	}
	small := New(4)
	_ = small.CreateBucket("bkt")
	if _, err := small.Put("bkt", "k", []byte("12345"), ""); !errors.Is(err, ErrEntityTooLarge) {
		t.Errorf("oversized Put: %v, want EntityTooLarge", err)
	}
}

func TestChunkedReader(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), 1000)
	var b bytes.Buffer
	for rest := payload; len(rest) > 0; {
		n := min(len(rest), 8192)
		fmt.Fprintf(&b, "%x;chunk-signature=%s\r\n", n, strings.Repeat("a", 64))
		b.Write(rest[:n])
		b.WriteString("\r\n")
		rest = rest[n:]
	}
	b.WriteString("0;chunk-signature=" + strings.Repeat("b", 64) + "\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n")
	got, err := io.ReadAll(newChunkedReader(&b))
	if err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("decoded %d bytes, %v; want the %d-byte payload", len(got), err, len(payload))
	}
	for _, bad := range []string{"zz\r\nabc\r\n0\r\n\r\n", "5\r\nabc", "3\r\nabcXY0\r\n\r\n", strings.Repeat("1", 5000)} {
		if _, err := io.ReadAll(newChunkedReader(strings.NewReader(bad))); err == nil {
			t.Errorf("malformed body %.20q decoded without error", bad)
		}
	}
}

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(NewHandler(New(1 << 20)))
	defer srv.Close()
	call := func(method, path string, body io.Reader, hdr map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, body)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	if resp, _ := call("PUT", "/bkt", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("CreateBucket: %d", resp.StatusCode)
	}
	resp, body := call("GET", "/missing/key", nil, nil)
	var e struct{ Code, Message string }
	if err := xml.Unmarshal(body, &e); err != nil || resp.StatusCode != 404 || e.Code != "NoSuchBucket" || e.Message != "The specified bucket does not exist" {
		t.Errorf("GetObject in a missing bucket: %d %s", resp.StatusCode, body)
	}
	call("PUT", "/bkt?versioning", strings.NewReader(`<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>`), nil)
	resp, body = call("GET", "/bkt?versioning", nil, nil)
	if !strings.Contains(string(body), "<Status>Enabled</Status>") {
		t.Errorf("GetBucketVersioning: %s", body)
	}
	data := []byte("chunked object body")
	chunked := fmt.Sprintf("%x;chunk-signature=x\r\n%s\r\n0;chunk-signature=y\r\n\r\n", len(data), data)
	resp, _ = call("PUT", "/bkt/dir/obj.zip", strings.NewReader(chunked), map[string]string{
		"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": fmt.Sprint(len(data)), "X-Amz-Content-Sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
	})
	sum := md5.Sum(data)
	if resp.StatusCode != 200 || resp.Header.Get("ETag") != `"`+hex.EncodeToString(sum[:])+`"` || resp.Header.Get("x-amz-version-id") == "" {
		t.Errorf("chunked PutObject: %d, ETag %s, version %q", resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("x-amz-version-id"))
	}
	resp, body = call("GET", "/bkt/dir/obj.zip", nil, nil)
	if !bytes.Equal(body, data) || resp.Header.Get("x-amz-version-id") == "" {
		t.Errorf("GetObject = %q, want the decoded body", body)
	}
	resp, body = call("GET", "/bkt?list-type=2&prefix=dir/", nil, nil)
	if !strings.Contains(string(body), "<Key>dir/obj.zip</Key>") || !strings.Contains(string(body), "<KeyCount>1</KeyCount>") {
		t.Errorf("ListObjectsV2: %s", body)
	}
	resp, _ = call("PUT", "/bkt/big", bytes.NewReader(make([]byte, 2<<20)), nil)
	if resp.StatusCode != 400 {
		t.Errorf("oversized PutObject: %d, want 400 EntityTooLarge", resp.StatusCode)
	}
	resp, body = call("HEAD", "/bkt/none", nil, nil)
	if resp.StatusCode != 404 || len(body) != 0 {
		t.Errorf("HeadObject of a missing key: %d with %d body bytes", resp.StatusCode, len(body))
	}
}

func TestListObjectVersionsPages(t *testing.T) {
	st := New(1 << 20)
	if err := st.CreateBucket("bkt"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetVersioning("bkt", "Enabled"); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, key := range []string{"a", "b", "c"} {
		for i := 0; i < 3; i++ {
			o, err := st.Put("bkt", key, []byte(fmt.Sprint(key, i)), "")
			if err != nil {
				t.Fatal(err)
			}
			want[key+"@"+o.VersionID] = true
		}
	}
	srv := httptest.NewServer(NewHandler(st))
	defer srv.Close()
	type page struct {
		IsTruncated         bool
		NextKeyMarker       string
		NextVersionIdMarker string
		Version             []struct{ Key, VersionId string }
	}
	got := map[string]bool{}
	keyMarker, versionMarker := "", ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatalf("paging does not end: %d pages", pages)
		}
		resp, err := http.Get(srv.URL + "/bkt?versions&max-keys=2&key-marker=" + keyMarker + "&version-id-marker=" + versionMarker)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var p page
		if err := xml.Unmarshal(body, &p); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		for _, v := range p.Version {
			if got[v.Key+"@"+v.VersionId] {
				t.Fatalf("version %s@%s listed twice", v.Key, v.VersionId)
			}
			got[v.Key+"@"+v.VersionId] = true
		}
		if !p.IsTruncated {
			break
		}
		if p.NextKeyMarker == "" {
			t.Fatalf("a truncated page has no NextKeyMarker: %s", body)
		}
		keyMarker, versionMarker = p.NextKeyMarker, p.NextVersionIdMarker
	}
	if len(got) != len(want) {
		t.Errorf("paging listed %d versions, want %d", len(got), len(want))
	}
	for v := range want {
		if !got[v] {
			t.Errorf("version %s was never listed", v)
		}
	}
}
