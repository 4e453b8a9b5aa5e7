package suites

import (
	"flag"
	"os"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// TestSuites runs the specs under go test and go tool ginkgo, as the
// project's own tests and the mutation proof do.
func TestSuites(t *testing.T) {
	if os.Getenv("RAPID_CHECKS") == "" && !flagSet("rapid.checks") {
		if err := flag.Set("rapid.checks", defaultChecks); err != nil {
			t.Fatalf("setting the default rapid check count: %v", err)
		}
	}
	RegisterFailHandler(Fail)
	RunSpecs(t, "lambdaconf conformance")
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
