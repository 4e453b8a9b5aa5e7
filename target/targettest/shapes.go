package targettest

import (
	"net/http"
	"strings"
)

// LambdaUnderPrefix wraps next, an endpoint that serves Lambda and S3 at
// its root (such as the embedded reference), in the shape of emulators that
// serve the Lambda API only under a path prefix and S3 at the root, as kumo
// does with the prefix "/lambda":
//
//   - a request under prefix+"/2015-03-31/" reaches next without the prefix;
//   - GET prefix+"/2015-03-31/functions/" (ListFunctions with the model's
//     trailing slash) answers 404 with a plain-text body, as such a router
//     does;
//   - a Lambda path at the root answers 404 with a plain-text body;
//   - anything else (S3) reaches next unchanged.
func LambdaUnderPrefix(next http.Handler, prefix string) http.Handler {
	prefix = "/" + strings.Trim(prefix, "/")
	notFound := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte("404 page not found\n"))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.EscapedPath()
		switch {
		case r.Method == http.MethodGet && path == prefix+"/2015-03-31/functions/":
			notFound(w)
		case strings.HasPrefix(path, prefix+"/2015-03-31/"):
			r2 := r.Clone(r.Context())
			r2.URL.RawPath = strings.TrimPrefix(path, prefix)
			r2.URL.Path = strings.TrimPrefix(r.URL.Path, prefix)
			r2.RequestURI = strings.TrimPrefix(r.RequestURI, prefix)
			next.ServeHTTP(w, r2)
		case strings.HasPrefix(path, "/2015-03-31/"):
			notFound(w)
		default:
			next.ServeHTTP(w, r)
		}
	})
}
