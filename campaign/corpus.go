package campaign

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/generators"
)

// CaseFile is one corpus entry: a case file of package check (which
// `lambdaconf replay -case` reads) with the signature it reproduces.
type CaseFile struct {
	Signature string `json:"signature"`
	check.Record
}

// corpus is the directory of case files, one per signature.
type corpus struct {
	dir      string
	replayed []Replay
}

func openCorpus(dir string) (*corpus, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("campaign: the corpus directory: %w", err)
	}
	return &corpus{dir: dir}, nil
}

// FileName is the name of the case file of signature sig in a corpus: a
// digest of the signature, so that one signature has one file.
func FileName(sig string) string {
	sum := sha256.Sum256([]byte(sig))
	return hex.EncodeToString(sum[:8]) + ".json"
}

// save writes the case file of signature o and returns its path, or ""
// when the campaign keeps no corpus or the file could not be written (the
// error is noted).
func (cm *campaign) save(w *worker, sig string, c generators.Case, f *finding.Finding) string {
	if cm.corpus == nil {
		return ""
	}
	rec := CaseFile{Signature: sig, Record: check.Record{Profile: cm.cfg.Profile, Gen: w.a.env.Gen, Case: c, Finding: f}}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		cm.noteError(fmt.Sprintf("encoding the case of %s: %v", sig, err))
		return ""
	}
	path := filepath.Join(cm.corpus.dir, FileName(sig))
	tmp, err := os.CreateTemp(cm.corpus.dir, ".case-*")
	if err == nil {
		_, err = tmp.Write(append(b, '\n'))
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
	}
	if err != nil {
		cm.noteError(fmt.Sprintf("writing the case file %s: %v", path, err))
		return ""
	}
	return path
}

// ReadCaseFile reads a corpus case file, at most check.MaxRecordSize
// bytes.
func ReadCaseFile(path string) (CaseFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return CaseFile{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, check.MaxRecordSize+1))
	if err != nil {
		return CaseFile{}, err
	}
	if len(b) > check.MaxRecordSize {
		return CaseFile{}, fmt.Errorf("%s: larger than %d bytes", path, check.MaxRecordSize)
	}
	var head struct {
		Signature string `json:"signature"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return CaseFile{}, fmt.Errorf("%s: %w", path, err)
	}
	if head.Signature == "" {
		return CaseFile{}, fmt.Errorf("%s: no signature: not a corpus case file", path)
	}
	rec, err := check.ReadRecord(bytes.NewReader(b))
	if err != nil {
		return CaseFile{}, fmt.Errorf("%s: %w", path, err)
	}
	return CaseFile{Signature: head.Signature, Record: rec}, nil
}

// replayCorpus sends every case of the corpus again, through worker w,
// and registers the signatures that still reproduce with their file.
func (cm *campaign) replayCorpus(ctx context.Context, w *worker) {
	paths, _ := filepath.Glob(filepath.Join(cm.corpus.dir, "*.json"))
	sort.Strings(paths)
	reproduced := 0
	for _, path := range paths {
		if ctx.Err() != nil {
			return
		}
		cf, err := ReadCaseFile(path)
		if err != nil {
			cm.corpus.replayed = append(cm.corpus.replayed, Replay{Case: path, Error: err.Error()})
			continue
		}
		rec := cf.Record.Rebase(w.a.env.Gen)
		fs := cm.judge(ctx, w, rec.Case)
		r := Replay{Case: path, Signature: cf.Signature}
		for _, f := range fs {
			if f.Signature() != cf.Signature {
				r.Got = append(r.Got, f.Signature())
				continue
			}
			r.Reproduced = true
			reproduced++
			cm.mu.Lock()
			if _, ok := cm.sigs[cf.Signature]; !ok {
				cm.seen.Mark(cf.Signature)
				cm.sigs[cf.Signature] = &Entry{Signature: cf.Signature, Clause: f.Clause, Expected: cm.expected(f.Clause, cf.Signature),
					Case: path, Shrunk: true, FromCorpus: true, Finding: f}
			}
			cm.mu.Unlock()
			r.Got = nil
			break
		}
		cm.corpus.replayed = append(cm.corpus.replayed, r)
	}
	if len(paths) > 0 {
		fmt.Fprintf(cm.cfg.Progress, "corpus %s: %d cases replayed, %d still reproduce their signature\n", cm.corpus.dir, len(paths), reproduced)
		for _, r := range cm.corpus.replayed {
			if !r.Reproduced {
				why := "no longer reproduces"
				if r.Error != "" {
					why = r.Error
				}
				fmt.Fprintf(cm.cfg.Progress, "  %s: %s %s\n", filepath.Base(r.Case), why, strings.TrimSpace(r.Signature))
				if r.Error == "" {
					now := "no finding"
					if len(r.Got) > 0 {
						now = strings.Join(r.Got, "; ")
					}
					fmt.Fprintf(cm.cfg.Progress, "    now: %s\n", now)
				}
			}
		}
	}
}
