# statsbench — the two commands of the README, and the checks CI runs.
#
#   make run     the main job: run the micro-benchmarks, print their table, save it under reports/
#   make test    build optimized and run every test (Swift Testing)
#
# Both install what a fresh machine lacks first (scripts/install-deps.sh).

SWIFT ?= swift
STAMP := $(shell date -u +%Y%m%dT%H%M%SZ)
REPORT_DIR := reports/microbenchmarks/$(STAMP)

.PHONY: run test deps benchmarks benchmark-check format lint

run: deps
	@mkdir -p $(REPORT_DIR)
	cd Benchmarks && $(SWIFT) package benchmark --no-progress --format markdown 2>&1 | tee ../$(REPORT_DIR)/report.md
	@rm -rf reports/latest && mkdir -p reports/latest && cp $(REPORT_DIR)/report.md reports/latest/report.md
	@echo "report written to $(REPORT_DIR)/report.md (and reports/latest/report.md)"

test: deps
	$(SWIFT) test -c release

benchmarks: deps
	cd Benchmarks && $(SWIFT) package benchmark --no-progress

# Fails when a record path allocates: Benchmarks/Thresholds/*.p90.json hold mallocCountTotal == 0.
benchmark-check: deps
	cd Benchmarks && $(SWIFT) package benchmark thresholds check --no-progress --path Thresholds

deps:
	@scripts/install-deps.sh

format:
	$(SWIFT) format -i -r Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks

lint:
	$(SWIFT) format lint -r Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks
