# The two commands: `make run` and `make test`. Everything else is a step of those.
.PHONY: run test build deps node-deps web test-unit test-integration test-e2e test-browser \
	test-bench-smoke test-suites test-tsan test-unit-tsan test-integration-tsan \
	test-e2e-tsan test-cluster test-cluster-tsan check-style \
	format clean

JOBS ?= $(shell nproc)
RELEASE_BIN := build/release/chatserver
ASAN_BIN := build/asan/chatserver
TSAN_BIN := build/tsan/chatserver
# A ThreadSanitizer report ends the process with exit code 66 (halt_on_error): a unit test fails,
# and a server under the node suites dies, which fails the test that ran into it or else the
# suite's stop(), which wants exit code 0. tsan.supp lists the reports that are not ours.
TSAN_ENV := TSAN_OPTIONS="suppressions=$(CURDIR)/tsan.supp halt_on_error=1 exitcode=66 second_deadlock_stack=1"

run: build
	./$(RELEASE_BIN) --port 5000 --data-dir ./data

build: deps node-deps web
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

deps:
	@scripts/install-deps.sh

# npm packages: Swagger UI (served by the server) and the JavaScript test clients.
node-deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The web client served at `/`, built by Vite into web/dist.
WEB_SOURCES := $(shell find web/src -type f) web/index.html web/vite.config.ts web/tsconfig.json
web: web/dist/index.html
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build --silent
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Builds the release, ASan+UBSan and TSan binaries one after the other (each uses every core),
# checks the style of the changed C++ files, then runs two lanes side by side: the suites of
# the release and ASan binaries, and those of the TSan binary. Each suite's output is printed
# in one piece when it ends; any failure fails `make test`. A throwaway PostgreSQL serves
# both lanes (scripts/with-postgres.sh); the cluster suites start their own Redis.
# The sanitizer and fuzz presets compile with -O1 -g1 (CMakePresets.json): what ASan and
# TSan advise, line tables enough for their reports, and about 40% less compile time than
# -O2 -g, which is most of CI's build.
test: build
	cmake --preset asan
	@$(call timed,build-asan)
	cmake --preset tsan
	scripts/check-style.sh
	@$(call timed,build-tsan)
	cmake --preset fuzz
	@$(call timed,build-fuzz)
	scripts/with-postgres.sh $(MAKE) --no-print-directory -j 2 --output-sync=target test-suites test-tsan

# Each suite says how long it took, so that CI's time can be read off its log.
timed = start=$$(date +%s); $(MAKE) --no-print-directory $(1); status=$$?; \
	echo "== $(1): $$(( $$(date +%s) - start )) s"; exit $$status

test-suites:
	@$(call timed,test-unit)
	@$(call timed,test-integration)
	@$(call timed,test-e2e)
	@$(call timed,test-browser)
	@$(call timed,test-bench-smoke)
	@$(call timed,test-cluster)
	@$(call timed,test-faults)
	@$(call timed,test-package)

test-tsan:
	@$(call timed,test-unit-tsan)
	@$(call timed,test-integration-tsan)
	@$(call timed,test-e2e-tsan)
	@$(call timed,test-cluster-tsan)
	@$(call timed,test-fuzz-smoke)

test-unit:
	ctest --preset asan -j $(JOBS)

# The integration suite runs twice: against the release binary and the sanitizer build.
test-integration:
	CHATSERVER_BIN=$(RELEASE_BIN) node --test tests/integration/
	CHATSERVER_BIN=$(ASAN_BIN) node --test tests/integration/

# Faults that must lose no acknowledged message (tests/faults): kill -9 under load, a full
# disk (a tmpfs it mounts: needs root), a locked database, a reader that never reads.
.PHONY: test-faults
test-faults:
	CHATSERVER_BIN=$(RELEASE_BIN) node --test tests/faults/
	CHATSERVER_BIN=$(ASAN_BIN) node --test tests/faults/

# ThreadSanitizer: the unit tests, and the integration and SignalR suites against build/tsan
# (the hub's event loops, committer and workers meet there).
test-unit-tsan:
	ctest --preset tsan -j $(JOBS)

test-integration-tsan:
	$(TSAN_ENV) CHATSERVER_BIN=$(TSAN_BIN) node --test tests/integration/

test-e2e-tsan:
	$(TSAN_ENV) CHATSERVER_BIN=$(TSAN_BIN) node --test tests/e2e/

# End-to-end: the official SignalR clients against the real server.
test-e2e:
	CHATSERVER_BIN=$(RELEASE_BIN) node --test tests/e2e/
	CHATSERVER_BIN=$(ASAN_BIN) node --test tests/e2e/

# Several nodes on PostgreSQL and Redis (tests/cluster): delivery across nodes and the
# faults of each part. Needs CHAT_TEST_POSTGRES_URL (make test sets it).
test-cluster:
	CHATSERVER_BIN=$(ASAN_BIN) node --test tests/cluster/

test-cluster-tsan:
	$(TSAN_ENV) CHATSERVER_BIN=$(TSAN_BIN) node --test tests/cluster/

# A real browser (Debian's chromium) drives the web client; screenshots land in
# test-artifacts/browser/.
test-browser:
	CHATSERVER_BIN=$(RELEASE_BIN) node --test tests/browser/

# The Debian package (scripts/build-deb.sh): build/chatserver_VERSION_ARCH.deb from the
# release build; its test checks the contents, lintian, the unit's hardening, and starts the
# unit's command line from the package's files.
.PHONY: deb test-package
deb: build
	scripts/build-deb.sh

test-package:
	CHATSERVER_BIN=$(RELEASE_BIN) node --test tests/package/

# Proves chat-bench works against the real server (a tiny run; figures are not checked).
test-bench-smoke:
	bench/smoke.sh

# libFuzzer targets (fuzz/, built by the fuzz preset with clang, ASan and UBSan): `make fuzz`
# runs each for FUZZ_SECONDS, FUZZ_JOBS at a time; the smoke in `make test` runs each for
# FUZZ_SMOKE_SECONDS, two at a time. A crash fails and keeps its input in test-artifacts/fuzz/.
.PHONY: fuzz test-fuzz-smoke
FUZZ_SECONDS ?= 300
FUZZ_JOBS ?= 1
FUZZ_SMOKE_SECONDS ?= 20
fuzz:
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)
	scripts/run-fuzzers.sh $(FUZZ_SECONDS) $(FUZZ_JOBS)

test-fuzz-smoke:
	scripts/run-fuzzers.sh $(FUZZ_SMOKE_SECONDS) 2

# clang-format and clang-tidy on the C++ files changed (scripts/check-style.sh says which).
check-style:
	scripts/check-style.sh

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# Builds one preset (timed by `make test`).
.PHONY: build-asan build-tsan build-fuzz
build-asan build-tsan build-fuzz: build-%:
	cmake --build --preset $* -j $(JOBS)

clean:
	rm -rf build
