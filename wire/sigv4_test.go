package wire

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// verifySigV4 checks the Authorization header of r against an independent
// implementation of the SigV4 algorithm (AWS General Reference, "Create a
// signed AWS API request"), computed from the request as received. With
// doubleEncode the canonical URI escapes the received path once more, as
// every service but S3 expects. The payload hash is the
// X-Amz-Content-Sha256 header when present, else computed from body.
func verifySigV4(r *http.Request, body []byte, secret string, doubleEncode bool) error {
	auth := r.Header.Get("Authorization")
	const algo = "AWS4-HMAC-SHA256 "
	if !strings.HasPrefix(auth, algo) {
		return fmt.Errorf("authorization %q is not SigV4", auth)
	}
	parts := map[string]string{}
	for _, p := range strings.Split(strings.TrimPrefix(auth, algo), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		parts[k] = v
	}
	scope := strings.SplitN(parts["Credential"], "/", 2)
	if len(scope) != 2 {
		return fmt.Errorf("credential %q has no scope", parts["Credential"])
	}
	signed := strings.Split(parts["SignedHeaders"], ";")
	var canonHeaders strings.Builder
	for _, h := range signed {
		var v string
		if h == "host" {
			v = r.Host
		} else if h == "content-length" {
			v = fmt.Sprint(r.ContentLength)
		} else {
			v = strings.Join(r.Header.Values(h), ",")
		}
		canonHeaders.WriteString(h + ":" + strings.Join(strings.Fields(v), " ") + "\n")
	}
	path := r.URL.EscapedPath()
	if r.RequestURI != "" && !strings.HasPrefix(r.RequestURI, "http") {
		path, _, _ = strings.Cut(r.RequestURI, "?")
	}
	if doubleEncode {
		path = uriEncode(path, false)
	}
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var qs []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			qs = append(qs, uriEncode(k, true)+"="+uriEncode(v, true))
		}
	}
	payload := r.Header.Get("X-Amz-Content-Sha256")
	if payload == "" {
		sum := sha256.Sum256(body)
		payload = hex.EncodeToString(sum[:])
	}
	canonical := strings.Join([]string{r.Method, path, strings.Join(qs, "&"), canonHeaders.String(), parts["SignedHeaders"], payload}, "\n")
	sum := sha256.Sum256([]byte(canonical))
	amzDate := r.Header.Get("X-Amz-Date")
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope[1] + "\n" + hex.EncodeToString(sum[:])
	s := strings.Split(scope[1], "/") // date/region/service/aws4_request
	key := []byte("AWS4" + secret)
	for _, p := range s {
		key = hmacSHA256(key, p)
	}
	want := hex.EncodeToString(hmacSHA256(key, toSign))
	if want != parts["Signature"] {
		return fmt.Errorf("signature mismatch: canonical request was\n%s", canonical)
	}
	return nil
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// uriEncode escapes every byte but the unreserved ones; '/' is kept unless
// encodeSlash.
func uriEncode(s string, encodeSlash bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
