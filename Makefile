# lambdaconf: conformance and fuzz harness for AWS Lambda UpdateFunctionCode.
#
#   make conformance [ENDPOINT=http://127.0.0.1:4566] [PROFILE=aws|seed]
#   make test        the project's whole test suite
#   make fuzz DURATION=60s [ENDPOINT=…]
#   make bench
#   make serve ADDR=127.0.0.1:9000

GO        ?= go
ENDPOINT  ?=
PROFILE   ?= aws
REPORT_DIR ?= out/reports
ADDR      ?= 127.0.0.1:9000
DURATION  ?= 60s
EXPECTATIONS ?=
GINKGO    = $(GO) tool ginkgo

export LAMBDACONF_ENDPOINT = $(ENDPOINT)
export LAMBDACONF_PROFILE = $(PROFILE)
export REPORT_DIR

.PHONY: all build test unit conformance fuzz bench serve sweep mutation moto clean

all: build

build:
	$(GO) build -o bin/lambdaconf ./cmd/lambdaconf

unit:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

test: unit

conformance:
	@mkdir -p $(REPORT_DIR)
	$(GINKGO) -p --procs=2 --timeout=30m --json-report=report.json --junit-report=junit.xml \
	  --output-dir=$(REPORT_DIR) ./suites

serve:
	$(GO) run ./cmd/lambdaconf serve -addr $(ADDR)

clean:
	rm -rf bin out
