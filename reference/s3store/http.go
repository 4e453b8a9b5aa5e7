package s3store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

const (
	s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"
	// maxConfigBody bounds the XML bodies of bucket requests.
	maxConfigBody = 64 << 10
	// s3TimeLayout is the timestamp format of S3's XML listings.
	s3TimeLayout = "2006-01-02T15:04:05.000Z"
	// defaultMaxKeys is the page size of listings.
	defaultMaxKeys = 1000
)

// Handler serves the store over S3's path-style REST-XML protocol:
// CreateBucket, DeleteBucket, HeadBucket, ListBuckets,
// Put/GetBucketVersioning, PutObject, GetObject, HeadObject, DeleteObject,
// ListObjects (v1 and v2) and ListObjectVersions.
type Handler struct {
	Store *Store
	// LargeBodies, when not nil, bounds the request bodies over LargeBody
	// bytes read at once: each holds a slot of the channel while it is
	// read and stored, so that stalled large uploads cannot multiply
	// memory. The reference shares its Lambda path's slots here.
	LargeBodies chan struct{}
	LargeBody   int64
}

// NewHandler returns a handler that serves s.
func NewHandler(s *Store) *Handler { return &Handler{Store: s} }

// ServeHTTP routes one S3 request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := requestID()
	w.Header().Set("x-amz-request-id", reqID)
	w.Header().Set("x-amz-id-2", reqID)
	bucketName, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	q := r.URL.Query()
	var err error
	switch {
	case bucketName == "":
		if r.Method != http.MethodGet {
			err = ErrMethodNotAllowed
			break
		}
		err = h.listBuckets(w)
	case key == "":
		err = h.serveBucket(w, r, bucketName, q)
	default:
		err = h.serveObject(w, r, bucketName, key, q)
	}
	if err != nil {
		writeError(w, r, err, bucketName, key, reqID)
	}
}

func has(q url.Values, name string) bool {
	_, ok := q[name]
	return ok
}

func (h *Handler) serveBucket(w http.ResponseWriter, r *http.Request, name string, q url.Values) error {
	switch r.Method {
	case http.MethodPut:
		if has(q, "versioning") {
			return h.putVersioning(w, r, name)
		}
		if _, err := io.Copy(io.Discard, io.LimitReader(r.Body, maxConfigBody)); err != nil {
			return ErrIncompleteBody
		}
		if err := h.Store.CreateBucket(name); err != nil {
			return err
		}
		w.Header().Set("Location", "/"+name)
		w.WriteHeader(http.StatusOK)
		return nil
	case http.MethodDelete:
		if err := h.Store.DeleteBucket(name); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	case http.MethodHead:
		if _, err := h.Store.Versioning(name); err != nil {
			return err
		}
		w.WriteHeader(http.StatusOK)
		return nil
	case http.MethodGet:
		switch {
		case has(q, "versioning"):
			return h.getVersioning(w, name)
		case has(q, "versions"):
			return h.listVersions(w, name, q)
		case has(q, "location"):
			if _, err := h.Store.Versioning(name); err != nil {
				return err
			}
			return writeXML(w, http.StatusOK, struct {
				XMLName xml.Name `xml:"LocationConstraint"`
				NS      string   `xml:"xmlns,attr"`
			}{NS: s3Namespace})
		default:
			return h.listObjects(w, name, q)
		}
	}
	return ErrNotImplemented
}

func (h *Handler) serveObject(w http.ResponseWriter, r *http.Request, bucketName, key string, q url.Values) error {
	versionID := q.Get("versionId")
	switch r.Method {
	case http.MethodPut:
		if r.Header.Get("x-amz-copy-source") != "" || has(q, "uploadId") || has(q, "tagging") || has(q, "acl") {
			return ErrNotImplemented
		}
		return h.putObject(w, r, bucketName, key)
	case http.MethodGet, http.MethodHead:
		if has(q, "uploadId") || has(q, "tagging") || has(q, "acl") || has(q, "attributes") {
			return ErrNotImplemented
		}
		o, err := h.Store.Get(bucketName, key, versionID)
		if err != nil {
			return err
		}
		hd := w.Header()
		if v, _ := h.Store.Versioning(bucketName); v != VersioningOff {
			hd.Set("x-amz-version-id", o.VersionID)
		}
		ct := o.ContentType
		if ct == "" {
			ct = "binary/octet-stream"
		}
		hd.Set("Content-Type", ct)
		hd.Set("ETag", o.ETag)
		hd.Set("Accept-Ranges", "bytes")
		http.ServeContent(w, r, "", o.LastModified, bytes.NewReader(o.Data))
		return nil
	case http.MethodDelete:
		d, err := h.Store.Delete(bucketName, key, versionID)
		if err != nil {
			return err
		}
		if d.VersionID != "" {
			w.Header().Set("x-amz-version-id", d.VersionID)
		}
		if d.DeleteMarker {
			w.Header().Set("x-amz-delete-marker", "true")
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return ErrNotImplemented
}

// putObject reads the body, bounded by the store's object size, decoding
// aws-chunked uploads, and stores it.
func (h *Handler) putObject(w http.ResponseWriter, r *http.Request, bucketName, key string) error {
	if _, err := h.Store.Versioning(bucketName); err != nil {
		return err
	}
	max := h.Store.MaxObjectSize()
	chunked := strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") ||
		strings.HasPrefix(r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-")
	size := r.ContentLength
	if chunked {
		size = -1
		if d, err := strconv.ParseInt(r.Header.Get("X-Amz-Decoded-Content-Length"), 10, 64); err == nil {
			size = d
		}
	}
	if size > max {
		return ErrEntityTooLarge
	}
	var body io.Reader = r.Body
	if chunked {
		// Chunk headers and trailers add well under 1 KiB per 8 KiB chunk.
		body = newChunkedReader(io.LimitReader(r.Body, max+max/4+1<<20))
	}
	release, err := h.acquireLarge(r, size)
	if err != nil {
		return err
	}
	defer release()
	var data []byte
	if size >= 0 {
		data = make([]byte, size)
		if _, err := io.ReadFull(body, data); err != nil {
			return bodyError(err)
		}
	} else {
		// Of unknown size: the first LargeBody bytes freely, the rest
		// (at most max) holding a slot.
		var buf bytes.Buffer
		first := max + 1
		if h.LargeBodies != nil {
			first = min(first, h.LargeBody+1)
		}
		n, err := buf.ReadFrom(io.LimitReader(body, first))
		if err == nil && n == first && n <= max {
			rel, aerr := h.acquireLarge(r, n)
			if aerr != nil {
				return aerr
			}
			defer rel()
			var more int64
			more, err = buf.ReadFrom(io.LimitReader(body, max+1-n))
			n += more
		}
		if err != nil {
			return bodyError(err)
		}
		if n > max {
			return ErrEntityTooLarge
		}
		data = buf.Bytes()
	}
	ct := r.Header.Get("Content-Type")
	o, err := h.Store.Put(bucketName, key, data, ct)
	if err != nil {
		return err
	}
	if v, _ := h.Store.Versioning(bucketName); v != VersioningOff {
		w.Header().Set("x-amz-version-id", o.VersionID)
	}
	w.Header().Set("ETag", o.ETag)
	w.WriteHeader(http.StatusOK)
	return nil
}

// acquireLarge takes a slot of LargeBodies for a body of size bytes over
// LargeBody, waiting for one or for the client to go away.
func (h *Handler) acquireLarge(r *http.Request, size int64) (func(), error) {
	if h.LargeBodies == nil || size <= h.LargeBody {
		return func() {}, nil
	}
	select {
	case h.LargeBodies <- struct{}{}:
		return func() { <-h.LargeBodies }, nil
	case <-r.Context().Done():
		return func() {}, ErrIncompleteBody
	}
}

func bodyError(err error) error {
	if errors.Is(err, errChunkFormat) {
		return ErrInvalidChunkedBody
	}
	return ErrIncompleteBody
}

type versioningConfiguration struct {
	XMLName xml.Name `xml:"VersioningConfiguration"`
	NS      string   `xml:"xmlns,attr,omitempty"`
	Status  string   `xml:"Status,omitempty"`
}

func (h *Handler) putVersioning(w http.ResponseWriter, r *http.Request, name string) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxConfigBody+1))
	if err != nil || len(body) > maxConfigBody {
		return ErrMalformedXML
	}
	var cfg versioningConfiguration
	if err := xml.Unmarshal(body, &cfg); err != nil {
		return ErrMalformedXML
	}
	if err := h.Store.SetVersioning(name, cfg.Status); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handler) getVersioning(w http.ResponseWriter, name string) error {
	v, err := h.Store.Versioning(name)
	if err != nil {
		return err
	}
	return writeXML(w, http.StatusOK, versioningConfiguration{NS: s3Namespace, Status: v})
}

func (h *Handler) listBuckets(w http.ResponseWriter) error {
	type bucketXML struct {
		Name         string
		CreationDate string
	}
	var res struct {
		XMLName xml.Name `xml:"ListAllMyBucketsResult"`
		NS      string   `xml:"xmlns,attr"`
		Owner   struct {
			ID          string
			DisplayName string
		}
		Buckets []bucketXML `xml:"Buckets>Bucket"`
	}
	res.NS = s3Namespace
	res.Owner.ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
	res.Owner.DisplayName = "reference"
	for _, b := range h.Store.Buckets() {
		res.Buckets = append(res.Buckets, bucketXML{Name: b.Name, CreationDate: b.Created.Format(s3TimeLayout)})
	}
	return writeXML(w, http.StatusOK, res)
}

type contentsXML struct {
	Key          string
	LastModified string
	ETag         string
	Size         int64
	StorageClass string
}

func maxKeys(q url.Values) int {
	n, err := strconv.Atoi(q.Get("max-keys"))
	if err != nil || n < 0 || n > defaultMaxKeys {
		return defaultMaxKeys
	}
	return n
}

func (h *Handler) listObjects(w http.ResponseWriter, name string, q url.Values) error {
	objs, err := h.Store.List(name, q.Get("prefix"))
	if err != nil {
		return err
	}
	v2 := q.Get("list-type") == "2"
	after := q.Get("marker")
	if v2 {
		after = q.Get("continuation-token")
		if after == "" {
			after = q.Get("start-after")
		}
	}
	i := sort.Search(len(objs), func(i int) bool { return objs[i].Key > after })
	objs = objs[i:]
	limit := maxKeys(q)
	truncated := len(objs) > limit
	if truncated {
		objs = objs[:limit]
	}
	var res struct {
		XMLName               xml.Name `xml:"ListBucketResult"`
		NS                    string   `xml:"xmlns,attr"`
		Name                  string
		Prefix                string
		Marker                *string `xml:",omitempty"`
		NextMarker            string  `xml:",omitempty"`
		KeyCount              *int    `xml:",omitempty"`
		ContinuationToken     string  `xml:",omitempty"`
		NextContinuationToken string  `xml:",omitempty"`
		MaxKeys               int
		IsTruncated           bool
		Contents              []contentsXML
	}
	res.NS, res.Name, res.Prefix, res.MaxKeys, res.IsTruncated = s3Namespace, name, q.Get("prefix"), limit, truncated
	for _, o := range objs {
		res.Contents = append(res.Contents, contentsXML{
			Key: o.Key, LastModified: o.LastModified.Format(s3TimeLayout), ETag: o.ETag, Size: o.Size(), StorageClass: "STANDARD",
		})
	}
	if v2 {
		n := len(objs)
		res.KeyCount = &n
		res.ContinuationToken = q.Get("continuation-token")
		if truncated {
			res.NextContinuationToken = objs[len(objs)-1].Key
		}
	} else {
		m := q.Get("marker")
		res.Marker = &m
		if truncated {
			res.NextMarker = objs[len(objs)-1].Key
		}
	}
	return writeXML(w, http.StatusOK, res)
}

type versionXML struct {
	XMLName      xml.Name `xml:"Version"`
	Key          string
	VersionID    string `xml:"VersionId"`
	IsLatest     bool
	LastModified string
	ETag         string
	Size         int64
	StorageClass string
}

type deleteMarkerXML struct {
	XMLName      xml.Name `xml:"DeleteMarker"`
	Key          string
	VersionID    string `xml:"VersionId"`
	IsLatest     bool
	LastModified string
}

func (h *Handler) listVersions(w http.ResponseWriter, name string, q url.Values) error {
	entries, err := h.Store.Versions(name, q.Get("prefix"))
	if err != nil {
		return err
	}
	keyMarker, versionMarker := q.Get("key-marker"), q.Get("version-id-marker")
	entries = afterMarker(entries, keyMarker, versionMarker)
	limit := maxKeys(q)
	truncated := len(entries) > limit
	if truncated {
		entries = entries[:limit]
	}
	var res struct {
		XMLName             xml.Name `xml:"ListVersionsResult"`
		NS                  string   `xml:"xmlns,attr"`
		Name                string
		Prefix              string
		KeyMarker           string
		VersionIDMarker     string `xml:"VersionIdMarker"`
		NextKeyMarker       string `xml:",omitempty"`
		NextVersionIDMarker string `xml:"NextVersionIdMarker,omitempty"`
		MaxKeys             int
		IsTruncated         bool
		Entries             []any
	}
	res.NS, res.Name, res.Prefix, res.MaxKeys, res.IsTruncated = s3Namespace, name, q.Get("prefix"), limit, truncated
	res.KeyMarker, res.VersionIDMarker = keyMarker, versionMarker
	if truncated && len(entries) > 0 {
		last := entries[len(entries)-1]
		res.NextKeyMarker, res.NextVersionIDMarker = last.Key, last.VersionID
	}
	for _, e := range entries {
		mod := e.LastModified.Format(s3TimeLayout)
		if e.DeleteMarker {
			res.Entries = append(res.Entries, deleteMarkerXML{Key: e.Key, VersionID: e.VersionID, IsLatest: e.IsLatest, LastModified: mod})
			continue
		}
		res.Entries = append(res.Entries, versionXML{
			Key: e.Key, VersionID: e.VersionID, IsLatest: e.IsLatest, LastModified: mod, ETag: e.ETag, Size: e.Size(), StorageClass: "STANDARD",
		})
	}
	return writeXML(w, http.StatusOK, res)
}

// afterMarker drops the entries up to the marker of a previous page: with a
// version ID, everything up to and including that version of the key;
// without one, every version of keys up to and including the key.
func afterMarker(entries []VersionEntry, key, versionID string) []VersionEntry {
	if key == "" {
		return entries
	}
	for i, e := range entries {
		if versionID != "" && e.Key == key && e.VersionID == versionID {
			return entries[i+1:]
		}
		if e.Key > key {
			return entries[i:]
		}
	}
	return nil
}

func writeXML(w http.ResponseWriter, status int, v any) error {
	body, err := xml.Marshal(v)
	if err != nil {
		return &Error{"InternalError", "We encountered an internal error. Please try again.", http.StatusInternalServerError}
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(xml.Header)+len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(body)
	return nil
}

func writeError(w http.ResponseWriter, r *http.Request, err error, bucketName, key, reqID string) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{"InternalError", "We encountered an internal error. Please try again.", http.StatusInternalServerError}
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(e.Status)
		return
	}
	res := struct {
		XMLName    xml.Name `xml:"Error"`
		Code       string
		Message    string
		BucketName string `xml:",omitempty"`
		Key        string `xml:",omitempty"`
		RequestID  string `xml:"RequestId"`
	}{Code: e.Code, Message: e.Message, RequestID: reqID}
	switch e.Code {
	case "NoSuchBucket", "BucketNotEmpty", "BucketAlreadyOwnedByYou", "InvalidBucketName":
		res.BucketName = bucketName
	case "NoSuchKey", "NoSuchVersion":
		res.Key = key
	}
	if e == ErrEntityTooLarge || e == ErrIncompleteBody || e == ErrInvalidChunkedBody {
		w.Header().Set("Connection", "close")
	}
	_ = writeXML(w, e.Status, res)
}

func requestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}
