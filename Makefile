# lambdaconf: conformance and fuzz harness for AWS Lambda UpdateFunctionCode.
#
#   make conformance [ENDPOINT=http://127.0.0.1:4566] [PROFILE=aws|seed] [EXPECTATIONS=file] [BASELINE=conformance.json]
#   make test        the project's whole test suite
#   make mutation-unit   mutation testing of the oracle's own code (gremlins)
#   make fuzz DURATION=60s [ENDPOINT=…] [EXPECTATIONS=…] [WORKERS=…] [DIFF_ENDPOINT=…] [SHARD=I/N]
#   make bench
#   make serve ADDR=127.0.0.1:9000
#   make sweep [ENDPOINT=…]   delete what earlier runs left behind

GO           ?= go
REPORT_DIR   ?= out/reports
ADDR         ?= 127.0.0.1:9000
DURATION     ?= 60s
EXPECTATIONS ?=
BASELINE     ?=
PROCS        ?= 2
MUTATION_WORKERS ?= 2
# MUTATION_TARGETS limits make mutation-unit to some targets (comma-separated:
# data, spec, check, generators/classify.go, reports); empty means all.
MUTATION_TARGETS ?=
# MUTATION_ENGINE: schemata (one build per package) or gremlins (one per mutant).
MUTATION_ENGINE  ?= schemata
GINKGO       = $(GO) tool ginkgo
LAMBDACONF   = bin/lambdaconf

# ENDPOINT and PROFILE default to the harness's own variables, so that
# either spelling works.
ifeq ($(origin ENDPOINT),undefined)
ENDPOINT := $(LAMBDACONF_ENDPOINT)
endif
ifeq ($(origin PROFILE),undefined)
PROFILE := $(if $(LAMBDACONF_PROFILE),$(LAMBDACONF_PROFILE),aws)
endif
export LAMBDACONF_ENDPOINT := $(ENDPOINT)
export LAMBDACONF_PROFILE := $(PROFILE)
export REPORT_DIR

.PHONY: all build test unit mutation mutation-unit timing moto conformance fuzz fuzz-go bench serve sweep clean

all: build

build:
	$(GO) build -o $(LAMBDACONF) ./cmd/lambdaconf

# test: the unit and property tests of every package (with the race
# detector), the mutation proof of the suites, the mutation testing of the
# oracle's own code, the suites against an asynchronous reference, and
# the run against moto checked against its
# expectations file; it ends with one line per part. The mutation testing
# covers every target: the catalogue data, spec, check,
# generators/classify.go and reports.
test:
	@./scripts/test-summary.sh unit mutation mutation-unit timing moto

# The project's own tests always run the suites against the embedded
# reference, whatever endpoint the environment names for conformance runs.
OWN_TESTS_ENV = LAMBDACONF_ENDPOINT= AWS_ENDPOINT_URL= AWS_ENDPOINT_URL_LAMBDA= LAMBDACONF_PROFILE=aws \
  REPORT_DIR=$(abspath out/test-reports)

unit:
	$(GO) vet ./...
	$(OWN_TESTS_ENV) $(GO) test -race -count=1 ./...

mutation: build
	$(GO) test -c -o bin/suites.test ./suites
	$(OWN_TESTS_ENV) $(LAMBDACONF) mutate -suite-binary bin/suites.test

# mutation-unit mutates the oracle's own code with gremlins' mutants (gremlins
# is pinned in go.mod) package by package: spec, check,
# generators/classify.go, reports, each compiled once as a mutant schemata
# (scripts/mutants/schemata.go; MUTATION_ENGINE=gremlins tests one build per
# mutant instead, as gremlins does); then the catalogue's data by hand
# (scripts/mutants/data.go). It prints
# each package's efficacy and survivors and fails below the floors (95% spec
# and check, 90% classify.go and reports) or when a data mutant lives.
# Accepted survivors are listed with a reason in mutation-survivors.txt.
mutation-unit:
	$(OWN_TESTS_ENV) $(GO) run ./scripts/mutants -workers $(MUTATION_WORKERS) -engine $(MUTATION_ENGINE) $(if $(MUTATION_TARGETS),-only $(MUTATION_TARGETS))

# timing runs the suites against an embedded reference whose creates stay
# Pending and whose updates stay InProgress for 200 ms, as AWS's take a
# moment: a harness that does not wait for them meets 409s and fails. The
# budget bounds the run; it takes about three minutes on two cores.
TIMING_OPTIONS = {"CreateDuration":200000000,"UpdateDuration":200000000}
timing:
	$(OWN_TESTS_ENV) LAMBDACONF_REFERENCE_OPTIONS='$(TIMING_OPTIONS)' $(GO) test -count=1 -timeout=15m ./suites

moto: build
	./scripts/moto-conformance.sh expectations/moto-5.2.1.txt

# conformance is lambdaconf run: the suites as PROCS shards in child
# processes, then the reports. Exit status 0 conforms, 1 does not, 3 could
# not test (with EXPECTATIONS, failures are judged against the expected
# ones).
conformance: build
	$(LAMBDACONF) run -report-dir $(REPORT_DIR) -procs $(PROCS) -profile $(PROFILE) \
	  $(if $(ENDPOINT),-endpoint $(ENDPOINT)) $(if $(EXPECTATIONS),-expectations $(EXPECTATIONS)) \
	  $(if $(BASELINE),-baseline $(BASELINE))

# fuzz runs a campaign (lambdaconf fuzz) for DURATION against ENDPOINT (or
# the embedded reference) with WORKERS workers (default one per CPU):
# every distinct divergence signature, shrunk, one case file per signature
# in REPORT_DIR/corpus (or CORPUS), replayed first by the next campaign;
# fuzz.json and fuzz.md in REPORT_DIR. DIFF_ENDPOINT=URL (or "reference")
# sends every request to a second endpoint too and reports where they
# differ. Exit 0 when every signature is expected, 1 on a new one, 3 when
# the endpoint could not be tested. SHARD=I/N runs shard I of a campaign
# spread over N processes or machines (its own seed stream; SEED=S, the same
# for every shard, explores other cases); lambdaconf report merge merges
# their fuzz.json.
fuzz: build
	@mkdir -p $(REPORT_DIR)
	$(LAMBDACONF) fuzz -duration $(DURATION) -report-dir $(REPORT_DIR) -profile $(PROFILE) \
	  $(if $(ENDPOINT),-endpoint $(ENDPOINT)) $(if $(EXPECTATIONS),-expectations $(EXPECTATIONS)) \
	  $(if $(WORKERS),-workers $(WORKERS)) $(if $(CORPUS),-corpus $(CORPUS)) $(if $(DIFF_ENDPOINT),-against $(DIFF_ENDPOINT)) \
	  $(if $(SHARD),-shard $(SHARD)) $(if $(SEED),-seed $(SEED))

# fuzz-go runs Go's coverage-guided fuzzers on the harness's own parsers and
# on the reference endpoint, DURATION each.
fuzz-go:
	$(GO) test -run='^$$' -fuzz=FuzzOutcome -fuzztime=$(DURATION) ./check
	$(GO) test -run='^$$' -fuzz=FuzzUpdateFunctionCode -fuzztime=$(DURATION) ./reference
	$(GO) test -run='^$$' -fuzz=FuzzReadResponse -fuzztime=$(DURATION) ./wire

# bench runs every benchmark, keeps the output in out/bench.txt and ends
# with the issue's ratios, such as the fuzz campaign's request rate over a
# minimal keep-alive SigV4 client's on the same endpoint (campaign/bench_test.go).
bench:
	@mkdir -p out
	@$(GO) test -run '^$$' -bench . -benchmem ./... > out/bench.txt 2>&1; rc=$$?; cat out/bench.txt; \
	  awk '{ for (i = 2; i <= NF; i++) if ($$i == "campaign/minimal") printf "fuzz/minimal-client request rate ratio: %s (goal at least 0.7; %s)\n", $$(i-1), $$1 }' out/bench.txt; \
	  awk '{ c = m = 0; for (i = 2; i <= NF; i++) { if ($$i == "campaign-cpu-µs/req") c = $$(i-1); if ($$i == "minimal-cpu-µs/req") m = $$(i-1) } \
	    if (c > 0 && m > 0) printf "fuzz/minimal-client CPU per request: %.0f / %.0f µs = %.2f (the client process alone; %s)\n", c, m, c / m, $$1 }' out/bench.txt; \
	  awk '{ c = m = 0; for (i = 2; i <= NF; i++) { if ($$i == "reference-cpu-µs/campaign-req") c = $$(i-1); if ($$i == "reference-cpu-µs/minimal-req") m = $$(i-1) } \
	    if (c > 0 && m > 0) printf "the reference'"'"'s CPU per request, campaign/minimal client: %.0f / %.0f µs = %.2f (%s)\n", c, m, c / m, $$1 }' out/bench.txt; \
	  awk '{ c = m = 0; for (i = 2; i <= NF; i++) { if ($$i == "reference-reads/campaign-req") c = $$(i-1); if ($$i == "reference-reads/minimal-req") m = $$(i-1) } \
	    if (c > 0 && m > 0) printf "the reference'"'"'s read system calls per request, campaign/minimal client: %.2f / %.2f (%s)\n", c, m, $$1 }' out/bench.txt; \
	  exit $$rc

serve:
	$(GO) run ./cmd/lambdaconf serve -addr $(ADDR)

sweep: build
	$(LAMBDACONF) sweep $(if $(ENDPOINT),-endpoint $(ENDPOINT))

clean:
	rm -rf bin out
