# statsbench — the two commands of the README, and the checks CI runs.
#
#   make run     the main job: statsbench run on the default scenarios (scenarios/*.yaml); reports under reports/
#   make test    build optimized and run every test (Swift Testing)
#
# Both install what a fresh machine lacks first (scripts/install-deps.sh). They build in separate folders:
# the tools in .build (release), the tests in .build-test (release with -enable-testing, which changes every
# module's flags), so `make run` then `make test` (or the other way round) rebuilds neither. The tests find
# statsbench-instructions beside them in .build-test/release (`swift test` builds every product).

SWIFT ?= swift
# The test build's own scratch folder (the products stay in .build).
TEST_SCRATCH ?= .build-test
STAMP := $(shell date -u +%Y%m%dT%H%M%SZ)
REPORT_DIR := reports/microbenchmarks/$(STAMP)

.PHONY: run test deps microbenchmarks benchmarks benchmark-check validate smoke regression-check save-baseline \
	verdict-experiments format lint

run: deps
	$(SWIFT) build -c release --product statsbench
	$(SWIFT) build -c release --product statsbench-instructions
	.build/release/statsbench run
	@echo; echo "reports: reports/latest/ (summary.txt, <scenario>/report.md, <scenario>/result.json)"

# CI's end-to-end check: the smoke scenario through every sink and measurement, its thresholds must hold.
smoke: deps
	$(SWIFT) build -c release --product statsbench
	.build/release/statsbench run scenarios/smoke.yaml --output .build/smoke-report

# CI's performance gate: smoke compared with the committed reports/baselines/ci/ (docs/comparing-runs.md).
# Exact figures (hash, allocations, conservation, accuracy, instruction counts) gate at their tolerance; a timed
# figure gates only when slower (test and interval agree) by more than +200 % and +100 ns, on the same machine.
REGRESSION_FLAGS := --allowed-slowdown 200 --allowed-slowdown-ns 100
regression-check: deps
	$(SWIFT) build -c release --product statsbench
	$(SWIFT) build -c release --product statsbench-instructions
	.build/release/statsbench run scenarios/smoke.yaml -q --instructions on --output .build/regression-check \
		--baseline reports/baselines/ci $(REGRESSION_FLAGS) --junit .build/regression-check/junit.xml

# Writes reports/baselines/ci/ anew from this build (commit it when a change is meant to move the figures).
save-baseline: deps
	$(SWIFT) build -c release --product statsbench
	$(SWIFT) build -c release --product statsbench-instructions
	.build/release/statsbench run scenarios/smoke.yaml -q --output .build/baseline-run --save-baseline ci

# The statistics' own checks: A/A, injected regressions, injected instruction change (QUICK=1: 3 comparisons).
verdict-experiments: deps
	scripts/verdict-experiments.sh $(if $(QUICK),--quick,)

# The package-benchmark micro-benchmarks with their table, saved under reports/microbenchmarks/.
microbenchmarks: deps
	@mkdir -p $(REPORT_DIR)
	cd Benchmarks && $(SWIFT) package benchmark --no-progress --format markdown 2>&1 | tee ../$(REPORT_DIR)/run.log
	@sed -n '/^## Baseline/,$$p' $(REPORT_DIR)/run.log > $(REPORT_DIR)/report.md
	@grep -q '^### ' $(REPORT_DIR)/report.md || { echo "error: the benchmark run produced no results; see $(REPORT_DIR)/run.log" >&2; exit 1; }
	@awk -f scripts/summarize-benchmarks.awk $(REPORT_DIR)/report.md > $(REPORT_DIR)/summary.txt
	@echo; cat $(REPORT_DIR)/summary.txt
	@echo; echo "report: $(REPORT_DIR)/report.md (summary.txt beside it)"

test: deps
	$(SWIFT) test -c release --scratch-path $(TEST_SCRATCH)

benchmarks: deps
	cd Benchmarks && $(SWIFT) package benchmark --no-progress

# Fails when a record path allocates: Benchmarks/Thresholds/*.p90.json hold mallocCountTotal == 0.
benchmark-check: deps
	cd Benchmarks && $(SWIFT) package benchmark thresholds check --no-progress --path Thresholds

# Every shipped scenario must be valid; a known-bad fixture must be rejected with a non-zero exit.
validate: deps
	$(SWIFT) build -c release --product statsbench
	.build/release/statsbench validate scenarios/*.yaml scenarios/sweeps/*.yaml
	@if .build/release/statsbench validate -q Tests/SimulationTests/Fixtures/many-errors.yaml 2>/dev/null; then \
		echo "error: statsbench validate accepted a file full of errors" >&2; exit 1; \
	else echo "statsbench validate rejects the bad fixture, as it should"; fi

deps:
	@scripts/install-deps.sh

format:
	$(SWIFT) format -i -r Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks

lint:
	$(SWIFT) format lint -r Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks
