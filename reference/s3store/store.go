// Package s3store is an in-memory, versioning-aware S3 object store and a
// path-style REST-XML handler in front of it: the S3 half of the reference
// endpoint. It implements the operations the harness, the AWS SDK for Go v2
// and the AWS CLI use to stage deployment packages.
package s3store

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultMaxObjectSize is the largest object a Store accepts unless told
// otherwise: 80 MiB, above Lambda's 50 MB zipped limit.
const DefaultMaxObjectSize = 80 << 20

// Versioning states of a bucket, as GetBucketVersioning reports them.
const (
	VersioningOff       = ""
	VersioningEnabled   = "Enabled"
	VersioningSuspended = "Suspended"
)

// NullVersion is the version ID of an object written while versioning was
// off or suspended.
const NullVersion = "null"

// Error is an S3 error: its code, message and HTTP status.
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// The errors the store returns. Their texts are S3's.
var (
	ErrNoSuchBucket       = &Error{"NoSuchBucket", "The specified bucket does not exist", http.StatusNotFound}
	ErrNoSuchKey          = &Error{"NoSuchKey", "The specified key does not exist.", http.StatusNotFound}
	ErrNoSuchVersion      = &Error{"NoSuchVersion", "The specified version does not exist.", http.StatusNotFound}
	ErrBucketNotEmpty     = &Error{"BucketNotEmpty", "The bucket you tried to delete is not empty", http.StatusConflict}
	ErrBucketAlreadyOwned = &Error{"BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", http.StatusConflict}
	ErrInvalidBucketName  = &Error{"InvalidBucketName", "The specified bucket is not valid.", http.StatusBadRequest}
	ErrEntityTooLarge     = &Error{"EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", http.StatusBadRequest}
	ErrMethodNotAllowed   = &Error{"MethodNotAllowed", "The specified method is not allowed against this resource.", http.StatusMethodNotAllowed}
	ErrIllegalVersioning  = &Error{"IllegalVersioningConfigurationException", "The Versioning element must be specified", http.StatusBadRequest}
	ErrMalformedXML       = &Error{"MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", http.StatusBadRequest}
	ErrIncompleteBody     = &Error{"IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", http.StatusBadRequest}
	ErrNotImplemented     = &Error{"NotImplemented", "A header or query you provided implies functionality that is not implemented.", http.StatusNotImplemented}
	ErrInvalidChunkedBody = &Error{"InvalidRequest", "The aws-chunked body could not be decoded: a chunk header, chunk length or chunk end is malformed", http.StatusBadRequest}
	ErrInvalidVersionID   = &Error{"InvalidArgument", "Invalid version id specified", http.StatusBadRequest}
)

// Object is one version of an object, or a delete marker.
type Object struct {
	Key          string
	VersionID    string
	Data         []byte
	ETag         string
	ContentType  string
	LastModified time.Time
	DeleteMarker bool
}

// Size returns the object's length in bytes.
func (o *Object) Size() int64 { return int64(len(o.Data)) }

type bucket struct {
	name       string
	created    time.Time
	versioning string
	// objects holds each key's versions, oldest first.
	objects map[string][]*Object
}

// Store holds buckets and objects. It is safe for concurrent use; object
// data is never modified after it is stored, so readers may keep it.
type Store struct {
	maxObjectSize int64
	mu            sync.RWMutex
	buckets       map[string]*bucket
}

// New returns an empty store that refuses objects over maxObjectSize bytes
// (DefaultMaxObjectSize when 0 or less).
func New(maxObjectSize int64) *Store {
	if maxObjectSize <= 0 {
		maxObjectSize = DefaultMaxObjectSize
	}
	return &Store{maxObjectSize: maxObjectSize, buckets: map[string]*bucket{}}
}

// MaxObjectSize returns the largest object the store accepts.
func (s *Store) MaxObjectSize() int64 { return s.maxObjectSize }

var bucketNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// ValidBucketName reports whether name follows S3's rules for new buckets:
// 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending
// with a letter or digit, with no two adjacent dots.
func ValidBucketName(name string) bool {
	return bucketNameRE.MatchString(name) && !strings.Contains(name, "..")
}

// CreateBucket creates an empty, unversioned bucket.
func (s *Store) CreateBucket(name string) error {
	if !ValidBucketName(name) {
		return ErrInvalidBucketName
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.buckets[name]; ok {
		return ErrBucketAlreadyOwned
	}
	s.buckets[name] = &bucket{name: name, created: time.Now().UTC(), objects: map[string][]*Object{}}
	return nil
}

// DeleteBucket deletes an empty bucket.
func (s *Store) DeleteBucket(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[name]
	if !ok {
		return ErrNoSuchBucket
	}
	if len(b.objects) > 0 {
		return ErrBucketNotEmpty
	}
	delete(s.buckets, name)
	return nil
}

// BucketInfo describes a bucket for ListBuckets.
type BucketInfo struct {
	Name    string
	Created time.Time
}

// Buckets lists the buckets by name.
func (s *Store) Buckets() []BucketInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]BucketInfo, 0, len(s.buckets))
	for _, b := range s.buckets {
		out = append(out, BucketInfo{Name: b.name, Created: b.created})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// SetVersioning sets a bucket's versioning to VersioningEnabled or
// VersioningSuspended.
func (s *Store) SetVersioning(name, status string) error {
	if status != VersioningEnabled && status != VersioningSuspended {
		return ErrIllegalVersioning
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[name]
	if !ok {
		return ErrNoSuchBucket
	}
	b.versioning = status
	return nil
}

// Versioning returns a bucket's versioning state; VersioningOff if it was
// never set.
func (s *Store) Versioning(name string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.buckets[name]
	if !ok {
		return "", ErrNoSuchBucket
	}
	return b.versioning, nil
}

// Put stores data under key and returns the new object version. With
// versioning enabled it adds a version; otherwise it replaces the null
// version.
func (s *Store) Put(bucketName, key string, data []byte, contentType string) (*Object, error) {
	if int64(len(data)) > s.maxObjectSize {
		return nil, ErrEntityTooLarge
	}
	sum := md5.Sum(data)
	o := &Object{
		Key:          key,
		Data:         data,
		ETag:         `"` + hex.EncodeToString(sum[:]) + `"`,
		ContentType:  contentType,
		LastModified: time.Now().UTC(),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucketName]
	if !ok {
		return nil, ErrNoSuchBucket
	}
	b.add(o)
	return o, nil
}

// add stores o as the newest version of its key, assigning its version ID.
func (b *bucket) add(o *Object) {
	if b.versioning == VersioningEnabled {
		o.VersionID = newVersionID()
		b.objects[o.Key] = append(b.objects[o.Key], o)
		return
	}
	o.VersionID = NullVersion
	vs := b.objects[o.Key]
	kept := vs[:0]
	for _, v := range vs {
		if v.VersionID != NullVersion {
			kept = append(kept, v)
		}
	}
	b.objects[o.Key] = append(kept, o)
}

// Get returns the object at key: the given version, or the newest when
// versionID is empty. A key whose newest version is a delete marker is
// missing; asking for a delete marker by version is not allowed.
func (s *Store) Get(bucketName, key, versionID string) (*Object, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.buckets[bucketName]
	if !ok {
		return nil, ErrNoSuchBucket
	}
	vs := b.objects[key]
	if versionID == "" {
		if len(vs) == 0 || vs[len(vs)-1].DeleteMarker {
			return nil, ErrNoSuchKey
		}
		return vs[len(vs)-1], nil
	}
	for _, v := range vs {
		if v.VersionID == versionID {
			if v.DeleteMarker {
				return nil, ErrMethodNotAllowed
			}
			return v, nil
		}
	}
	if versionID != NullVersion && !validVersionID(versionID) {
		return nil, ErrInvalidVersionID
	}
	return nil, ErrNoSuchVersion
}

// Deleted describes what a Delete did.
type Deleted struct {
	VersionID    string
	DeleteMarker bool
}

// Delete removes a version when versionID is given. Without one it removes
// the object from an unversioned bucket, or adds a delete marker to a
// versioned one. Deleting a missing key succeeds, as in S3.
func (s *Store) Delete(bucketName, key, versionID string) (Deleted, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[bucketName]
	if !ok {
		return Deleted{}, ErrNoSuchBucket
	}
	vs := b.objects[key]
	if versionID != "" {
		for i, v := range vs {
			if v.VersionID == versionID {
				rest := append(append([]*Object{}, vs[:i]...), vs[i+1:]...)
				b.set(key, rest)
				return Deleted{VersionID: versionID, DeleteMarker: v.DeleteMarker}, nil
			}
		}
		return Deleted{VersionID: versionID}, nil
	}
	if b.versioning == VersioningOff {
		b.set(key, nil)
		return Deleted{}, nil
	}
	marker := &Object{Key: key, DeleteMarker: true, LastModified: time.Now().UTC()}
	b.add(marker)
	return Deleted{VersionID: marker.VersionID, DeleteMarker: true}, nil
}

func (b *bucket) set(key string, vs []*Object) {
	if len(vs) == 0 {
		delete(b.objects, key)
		return
	}
	b.objects[key] = vs
}

// List returns the newest live version of every key with the given
// prefix, in key order.
func (s *Store) List(bucketName, prefix string) ([]*Object, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.buckets[bucketName]
	if !ok {
		return nil, ErrNoSuchBucket
	}
	var out []*Object
	for k, vs := range b.objects {
		if strings.HasPrefix(k, prefix) && !vs[len(vs)-1].DeleteMarker {
			out = append(out, vs[len(vs)-1])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// VersionEntry is one row of ListObjectVersions.
type VersionEntry struct {
	*Object
	IsLatest bool
}

// Versions returns every version and delete marker of the keys with the
// given prefix: keys in order, each key's versions newest first.
func (s *Store) Versions(bucketName, prefix string) ([]VersionEntry, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.buckets[bucketName]
	if !ok {
		return nil, ErrNoSuchBucket
	}
	keys := make([]string, 0, len(b.objects))
	for k := range b.objects {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []VersionEntry
	for _, k := range keys {
		vs := b.objects[k]
		for i := len(vs) - 1; i >= 0; i-- {
			out = append(out, VersionEntry{Object: vs[i], IsLatest: i == len(vs)-1})
		}
	}
	return out, nil
}

// newVersionID returns a random 32-character version ID of S3's alphabet.
func newVersionID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._"
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("s3store: reading random bytes: %v", err))
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}

func validVersionID(v string) bool {
	if len(v) != 32 {
		return false
	}
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}
