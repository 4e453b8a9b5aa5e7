// Package partitions reads the partition data of the pinned AWS SDK for Go
// v2 (internal/endpoints/awsrulesfn/partitions.json in the
// github.com/aws/aws-sdk-go-v2 module), for the generator of
// target/partitions.go and for the test that holds it to the SDK.
package partitions

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// SDKFile returns the path of the SDK's partitions.json in the
// module cache and the SDK version, as go list resolves them for the
// current module.
func SDKFile() (path, version string, err error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", "github.com/aws/aws-sdk-go-v2")
	b, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("locating the SDK module with go list: %v", err)
	}
	f := strings.Fields(string(b))
	if len(f) != 2 || f[0] == "" {
		return "", "", fmt.Errorf("go list gave %q for the SDK module: run go mod download", b)
	}
	return filepath.Join(f[0], "internal", "endpoints", "awsrulesfn", "partitions.json"), f[1], nil
}

// ReadSuffixes returns the sorted, distinct dnsSuffix and
// dualStackDnsSuffix values of every partition in the file at path.
func ReadSuffixes(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Partitions []struct {
			ID      string `json:"id"`
			Outputs struct {
				DNSSuffix          string `json:"dnsSuffix"`
				DualStackDNSSuffix string `json:"dualStackDnsSuffix"`
			} `json:"outputs"`
		} `json:"partitions"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range doc.Partitions {
		for _, s := range []string{p.Outputs.DNSSuffix, p.Outputs.DualStackDNSSuffix} {
			s = strings.ToLower(strings.TrimSpace(s))
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s lists no partition DNS suffixes", path)
	}
	sort.Strings(out)
	return out, nil
}
