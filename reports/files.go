package reports

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/onsi/ginkgo/v2/types"
)

// The files WriteFiles writes into the report directory.
const (
	JSONFile     = "conformance.json"
	MarkdownFile = "conformance.md"
	HTMLFile     = "conformance.html"
	JUnitFile    = "junit.xml"
)

// WriteFiles writes conformance.json, conformance.md and conformance.html
// for m into dir, and, when rs is not nil, junit.xml from the Ginkgo
// reports (replacing the one Ginkgo wrote), judged by m unless
// junit.Matrix says otherwise. Each file is written to a
// temporary name and renamed, so a reader never sees half a file.
func WriteFiles(dir string, m Matrix, rs []types.Report, junit JUnitOptions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write reports: %w", err)
	}
	writers := []struct {
		name  string
		write func(io.Writer) error
	}{
		{JSONFile, func(w io.Writer) error { return WriteJSON(w, m) }},
		{MarkdownFile, func(w io.Writer) error { return WriteMarkdown(w, m) }},
		{HTMLFile, func(w io.Writer) error { return WriteHTML(w, m) }},
	}
	if junit.Matrix == nil {
		junit.Matrix = &m
	}
	if rs != nil {
		writers = append(writers, struct {
			name  string
			write func(io.Writer) error
		}{JUnitFile, func(w io.Writer) error { return WriteJUnit(w, rs, junit) }})
	}
	for _, x := range writers {
		if err := writeFile(filepath.Join(dir, x.name), x.write); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriter(f)
	if err = write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
