package reference

import (
	"regexp"
	"testing"
)

// newUUID gives version 4, variant 1 UUIDs in the 8-4-4-4-12 form that AWS
// RequestIds and RevisionIds have, and does not repeat itself.
func TestNewUUIDIsVersion4(t *testing.T) {
	form := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 1000 {
		u := newUUID()
		if !form.MatchString(u) {
			t.Fatalf("newUUID() = %q, not a version 4 UUID", u)
		}
		if seen[u] {
			t.Fatalf("newUUID() repeated %q", u)
		}
		seen[u] = true
	}
}
