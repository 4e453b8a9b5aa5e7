package generators

import (
	"sort"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

func TestClassesAreDescribed(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Classes() {
		if seen[c.Name] {
			t.Errorf("class %s is listed twice", c.Name)
		}
		seen[c.Name] = true
		if !strings.HasSuffix(c.Description, ".") || len(c.Description) < 10 {
			t.Errorf("class %s: the description must be a sentence", c.Name)
		}
		for _, id := range append(append([]spec.ClauseID{}, c.Breaks...), c.MayBreak...) {
			if _, ok := spec.Lookup(id); !ok {
				t.Errorf("class %s names %q, which is not in the catalogue", c.Name, id)
			}
		}
	}
	var drawn []string
	for _, b := range nameBuilders {
		drawn = append(drawn, b.class)
	}
	for _, list := range [][]stringBuilder{bucketBuilders, keyBuilders, versionBuilders} {
		for _, b := range list {
			drawn = append(drawn, b.class)
		}
	}
	for _, list := range [][]zipBuilder{smallZipBuilders, largeZipBuilders} {
		for _, b := range list {
			drawn = append(drawn, b.class)
		}
	}
	for _, b := range allCaseBuilders {
		drawn = append(drawn, b.class)
	}
	isDrawn := map[string]bool{}
	for _, name := range drawn {
		if !seen[name] {
			t.Errorf("class %s is drawn but not listed in Classes()", name)
		}
		isDrawn[name] = true
	}
	for name := range seen {
		if !isDrawn[name] {
			t.Errorf("class %s is listed in Classes() but no generator draws it", name)
		}
	}
}

// distribution draws n values with seeds 0..n-1 and counts their classes.
func distribution[V any](n int, gen *rapid.Generator[V], class func(V) string) map[string]int {
	counts := map[string]int{}
	for i := 0; i < n; i++ {
		counts[class(gen.Example(i))]++
	}
	return counts
}

// assertFloor fails for every class of want drawn fewer than floor times,
// and logs the distribution.
func assertFloor(t *testing.T, counts map[string]int, want []string, floor int) {
	t.Helper()
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString("\n  " + n + ": ")
		b.WriteString(strings.Repeat("#", counts[n]/4) + " ")
		b.WriteString(itoa(counts[n]))
	}
	t.Logf("distribution:%s", b.String())
	for _, w := range want {
		if counts[w] < floor {
			t.Errorf("class %s drawn %d times, want at least %d", w, counts[w], floor)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

func classesOf[B any](list []B, name func(B) string) []string {
	var out []string
	for _, b := range list {
		out = append(out, name(b))
	}
	return out
}

func TestEveryClassIsDrawn(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	str := func(v Classified[string]) string { return v.Class }
	sb := func(b stringBuilder) string { return b.class }
	t.Run("names", func(t *testing.T) {
		assertFloor(t, distribution(800, FunctionNames(env), str), classesOf(nameBuilders, func(b nameBuilder) string { return b.class }), 10)
	})
	t.Run("buckets", func(t *testing.T) {
		assertFloor(t, distribution(400, BucketNames(env), str), classesOf(bucketBuilders, sb), 10)
	})
	t.Run("keys", func(t *testing.T) {
		assertFloor(t, distribution(300, Keys(env), str), classesOf(keyBuilders, sb), 10)
	})
	t.Run("versions", func(t *testing.T) {
		assertFloor(t, distribution(300, ObjectVersions(env), str), classesOf(versionBuilders, sb), 10)
	})
	t.Run("zips", func(t *testing.T) {
		counts := distribution(400, Zips(ZipOptions{MaxSize: 64 << 10}), func(v Classified[Zip]) string { return v.Class })
		assertFloor(t, counts, classesOf(smallZipBuilders, func(b zipBuilder) string { return b.class }), 10)
	})
	t.Run("requests", func(t *testing.T) {
		counts := distribution(2000, Requests(env), func(c Case) string { return c.Class })
		assertFloor(t, counts, classesOf(allCaseBuilders, func(b caseBuilder) string { return b.class }), 8)
	})
}

// TestClassTable logs, for the reader, what each class expects under each
// profile, and checks that valid classes succeed everywhere and every other
// class fails somewhere.
func TestClassTable(t *testing.T) {
	var b strings.Builder
	for _, c := range Classes() {
		aws, awsBy := c.Expect(spec.ProfileAWS)
		seed, seedBy := c.Expect(spec.ProfileSeed)
		b.WriteString("\n  " + c.Name + ": aws " + aws.String() + " (" + string(awsBy) + "); seed " + seed.String() + " (" + string(seedBy) + ")")
		switch {
		case len(c.Breaks) == 0 && c.Name != ClassMixed && (aws.IsError() || seed.IsError()):
			t.Errorf("class %s breaks nothing but expects an error", c.Name)
		case len(c.Breaks) > 0 && !aws.IsError() && !seed.IsError():
			t.Errorf("class %s breaks %v but expects success under every profile", c.Name, c.Breaks)
		}
	}
	t.Logf("classes:%s", b.String())
}

// RequestClasses names exactly the classes Requests draws: each drawn
// case's class is listed, and each listed class is drawn, with and
// without object versions in the fixtures.
func TestRequestClassesAreWhatRequestsDraws(t *testing.T) {
	full := testEnv(t, spec.ProfileAWS)
	plain := full
	plain.VersionedBucket, plain.VersionedKey, plain.Versions = "", "", nil
	for _, env := range []Env{full, plain} {
		listed := RequestClasses(env)
		counts := distribution(3000, Requests(env), func(c Case) string { return c.Class })
		for _, name := range listed {
			if counts[name] == 0 {
				t.Errorf("versions %d: RequestClasses lists %s, which 3000 draws of Requests never gave", len(env.Versions), name)
			}
			delete(counts, name)
		}
		for name := range counts {
			t.Errorf("versions %d: Requests drew class %s, which RequestClasses does not list", len(env.Versions), name)
		}
		if len(listed) >= len(Classes()) {
			t.Errorf("RequestClasses lists %d of %d classes: the classes only ever part of a request are in it", len(listed), len(Classes()))
		}
	}
	if a, b := len(RequestClasses(full)), len(RequestClasses(plain)); a <= b {
		t.Errorf("RequestClasses: %d classes with versions, %d without; the version classes need versions", a, b)
	}
}
