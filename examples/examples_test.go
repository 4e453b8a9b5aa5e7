// Package examples_test checks the CI recipes in this directory: they parse
// as YAML and do what the README says they do.
package examples_test

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lambdaconf/lambdaconf/reports"
)

func load(t *testing.T, path string, v any) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s does not parse as YAML: %v", path, err)
	}
	return string(data)
}

type step struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	If   string            `yaml:"if"`
	With map[string]string `yaml:"with"`
	Dir  string            `yaml:"working-directory"`
}

func TestGitHubWorkflow(t *testing.T) {
	var wf struct {
		Name string            `yaml:"name"`
		On   map[string]any    `yaml:"on"`
		Env  map[string]string `yaml:"env"`
		Jobs map[string]struct {
			RunsOn   string `yaml:"runs-on"`
			Timeout  int    `yaml:"timeout-minutes"`
			Steps    []step `yaml:"steps"`
			Services any    `yaml:"services"`
		} `yaml:"jobs"`
	}
	text := load(t, "github-actions/lambdaconf.yml", &wf)
	if wf.Name == "" || len(wf.On) == 0 {
		t.Errorf("the workflow has no name or no triggers: %+v", wf.On)
	}
	job, ok := wf.Jobs["conformance"]
	if !ok || job.RunsOn == "" || job.Timeout == 0 || len(job.Steps) == 0 {
		t.Fatalf("no conformance job with runs-on, timeout-minutes and steps: %+v", wf.Jobs)
	}
	find := func(pred func(step) bool) (step, bool) {
		for _, s := range job.Steps {
			if pred(s) {
				return s, true
			}
		}
		return step{}, false
	}
	for _, s := range job.Steps {
		if (s.Uses == "") == (s.Run == "") {
			t.Errorf("step %q must have exactly one of uses and run", s.Name)
		}
	}
	if _, ok := find(func(s step) bool { return strings.Contains(s.Run, "pip install 'moto[server]==5.2.1'") }); !ok {
		t.Error("no step installs moto[server]==5.2.1")
	}
	if _, ok := find(func(s step) bool { return strings.Contains(s.Run, "moto_server -H 127.0.0.1 -p 5000") }); !ok {
		t.Error("no step starts moto_server on 127.0.0.1:5000")
	}
	run, ok := find(func(s step) bool { return strings.Contains(s.Run, "make conformance") })
	if !ok || run.Dir != "lambdaconf" || !strings.Contains(run.Run, `EXPECTATIONS="$EXPECTATIONS"`) || !strings.Contains(run.Run, `ENDPOINT="$ENDPOINT"`) {
		t.Errorf("the conformance step %+v does not run make conformance with ENDPOINT and EXPECTATIONS in the lambdaconf checkout", run)
	}
	if wf.Env["ENDPOINT"] != "http://127.0.0.1:5000" {
		t.Errorf("ENDPOINT %q: want moto's address", wf.Env["ENDPOINT"])
	}
	if _, err := reports.LoadExpectations("../" + wf.Env["EXPECTATIONS"]); err != nil {
		t.Errorf("the workflow's EXPECTATIONS: %v", err)
	}
	up, ok := find(func(s step) bool { return strings.HasPrefix(s.Uses, "actions/upload-artifact@") })
	if !ok || up.With["path"] != "lambdaconf/out/reports" || up.If != "always()" {
		t.Errorf("the upload step %+v must upload lambdaconf/out/reports always", up)
	}
	junit, ok := find(func(s step) bool { return strings.HasPrefix(s.Uses, "mikepenz/action-junit-report@") })
	if !ok || junit.With["report_paths"] != "lambdaconf/out/reports/"+reports.JUnitFile || junit.If != "always()" || junit.With["fail_on_failure"] != "false" {
		t.Errorf("the JUnit step %+v must publish junit.xml always without failing on known gaps", junit)
	}
	if job.Services != nil {
		t.Error("the LocalStack service container must stay commented out in the moto recipe")
	}
	for _, want := range []string{"#   localstack:", "#     image: localstack/localstack", "#       - 4566:4566"} {
		if !strings.Contains(text, want) {
			t.Errorf("the commented LocalStack variant lacks %q", want)
		}
	}
}

func TestGitLabJob(t *testing.T) {
	var ci map[string]struct {
		Image    string `yaml:"image"`
		Services []struct {
			Name  string `yaml:"name"`
			Alias string `yaml:"alias"`
		} `yaml:"services"`
		Variables map[string]string `yaml:"variables"`
		Script    []string          `yaml:"script"`
		Artifacts struct {
			When    string   `yaml:"when"`
			Paths   []string `yaml:"paths"`
			Reports struct {
				JUnit string `yaml:"junit"`
			} `yaml:"reports"`
		} `yaml:"artifacts"`
	}
	load(t, "gitlab-ci/lambdaconf.gitlab-ci.yml", &ci)
	job, ok := ci["lambdaconf"]
	if !ok {
		t.Fatalf("no lambdaconf job: %v", ci)
	}
	if len(job.Services) == 0 || job.Services[0].Name != "motoserver/moto:5.2.1" || !strings.Contains(job.Variables["ENDPOINT"], job.Services[0].Alias) {
		t.Errorf("moto service %+v and ENDPOINT %q do not match", job.Services, job.Variables["ENDPOINT"])
	}
	if !strings.Contains(strings.Join(job.Script, "\n"), "make conformance") {
		t.Error("the job does not run make conformance")
	}
	if job.Artifacts.When != "always" || job.Artifacts.Reports.JUnit != "lambdaconf-reports/junit.xml" || len(job.Artifacts.Paths) == 0 {
		t.Errorf("artifacts %+v: want the reports and junit.xml kept always", job.Artifacts)
	}
}
