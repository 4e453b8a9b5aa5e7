package suites

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// TestSuites runs the specs under go test and go tool ginkgo, as the
// project's own tests and the mutation proof do.
func TestSuites(t *testing.T) {
	setDefaultChecks()
	RegisterFailHandler(Fail)
	RunSpecs(t, "lambdaconf conformance")
}
