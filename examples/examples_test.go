// Package examples_test checks the CI recipes in this directory: they parse
// as YAML and do what the README says they do.
package examples_test

import (
	"os"
	"strconv"
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

// The sharded workflow runs every shard of one split, each with the same
// N, then merges all of them; only the binary is installed.
func TestGitHubShardedWorkflow(t *testing.T) {
	var wf struct {
		Env  map[string]string `yaml:"env"`
		Jobs map[string]struct {
			Needs    any    `yaml:"needs"`
			If       string `yaml:"if"`
			Strategy struct {
				Matrix struct {
					Shard []int `yaml:"shard"`
				} `yaml:"matrix"`
			} `yaml:"strategy"`
			Steps []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	load(t, "github-actions/lambdaconf-sharded.yml", &wf)
	shard, merge := wf.Jobs["shard"], wf.Jobs["merge"]
	n := len(shard.Strategy.Matrix.Shard)
	if n < 2 || wf.Env["SHARDS"] != strconv.Itoa(n) {
		t.Fatalf("the matrix has shards %v but SHARDS is %q", shard.Strategy.Matrix.Shard, wf.Env["SHARDS"])
	}
	for i, s := range shard.Strategy.Matrix.Shard {
		if s != i+1 {
			t.Errorf("matrix shards %v are not 1..%d", shard.Strategy.Matrix.Shard, n)
		}
	}
	runs := func(steps []step, sub string) bool {
		for _, s := range steps {
			if strings.Contains(s.Run, sub) {
				return true
			}
		}
		return false
	}
	if !runs(shard.Steps, "lambdaconf run -shard ${{ matrix.shard }}/${{ env.SHARDS }}") {
		t.Error("no shard step runs lambdaconf run -shard ${{ matrix.shard }}/${{ env.SHARDS }}")
	}
	if merge.Needs != "shard" || merge.If != "always()" {
		t.Errorf("the merge job needs %v if %q: it must wait for every shard and run when one fails", merge.Needs, merge.If)
	}
	if !runs(merge.Steps, "lambdaconf report merge") {
		t.Error("the merge job does not run lambdaconf report merge")
	}
	for _, j := range []string{"shard", "merge"} {
		if !runs(wf.Jobs[j].Steps, "go install github.com/lambdaconf/lambdaconf/cmd/lambdaconf@") {
			t.Errorf("job %s does not install the binary", j)
		}
		if runs(wf.Jobs[j].Steps, "go tool ginkgo") || runs(wf.Jobs[j].Steps, "make ") {
			t.Errorf("job %s needs the source tree", j)
		}
	}
}

// The Indexed Job runs shard JOB_COMPLETION_INDEX+1 of N in each of its N
// pods, N being both completions and the SHARDS the command uses.
func TestKubernetesIndexedJob(t *testing.T) {
	var job struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec struct {
			CompletionMode string `yaml:"completionMode"`
			Completions    int    `yaml:"completions"`
			Parallelism    int    `yaml:"parallelism"`
			Template       struct {
				Spec struct {
					RestartPolicy string `yaml:"restartPolicy"`
					Containers    []struct {
						Name    string   `yaml:"name"`
						Image   string   `yaml:"image"`
						Command []string `yaml:"command"`
						Args    []string `yaml:"args"`
						Env     []struct {
							Name  string `yaml:"name"`
							Value string `yaml:"value"`
						} `yaml:"env"`
					} `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	load(t, "kubernetes/lambdaconf-indexed-job.yaml", &job)
	if job.APIVersion != "batch/v1" || job.Kind != "Job" || job.Metadata.Name == "" {
		t.Fatalf("not a named batch/v1 Job: %s %s %q", job.APIVersion, job.Kind, job.Metadata.Name)
	}
	s := job.Spec
	if s.CompletionMode != "Indexed" || s.Completions < 2 || s.Parallelism < 1 {
		t.Errorf("completionMode %q, completions %d, parallelism %d: want an Indexed Job of several completions", s.CompletionMode, s.Completions, s.Parallelism)
	}
	if rp := s.Template.Spec.RestartPolicy; rp != "Never" && rp != "OnFailure" {
		t.Errorf("restartPolicy %q is not allowed in a Job", rp)
	}
	if len(s.Template.Spec.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(s.Template.Spec.Containers))
	}
	c := s.Template.Spec.Containers[0]
	if c.Name == "" || c.Image == "" {
		t.Errorf("the container has no name or image")
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if env["SHARDS"] != strconv.Itoa(s.Completions) {
		t.Errorf("SHARDS=%q but completions is %d", env["SHARDS"], s.Completions)
	}
	script := strings.Join(append(c.Command, c.Args...), " ")
	for _, want := range []string{"JOB_COMPLETION_INDEX + 1", `lambdaconf run -shard "$i/$SHARDS"`} {
		if !strings.Contains(script, want) {
			t.Errorf("the container's command does not contain %q: %s", want, script)
		}
	}
}
