# The two commands: `make run` and `make test`. Everything else is a step of those.
.PHONY: run test build deps node-deps web test-unit test-integration test-e2e test-browser \
	test-bench-smoke \
	format clean

JOBS ?= $(shell nproc)
RELEASE_BIN := build/release/chatserver
ASAN_BIN := build/asan/chatserver

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

test: build
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	$(MAKE) test-unit test-integration test-e2e test-browser test-bench-smoke

test-unit:
	ctest --preset asan -j $(JOBS)

# The integration suite runs twice: against the release binary and the sanitizer build.
test-integration:
	CHATSERVER_BIN=$(RELEASE_BIN) node --test tests/integration/
	CHATSERVER_BIN=$(ASAN_BIN) node --test tests/integration/

# End-to-end: the official SignalR clients against the real server.
test-e2e:
	CHATSERVER_BIN=$(RELEASE_BIN) node --test tests/e2e/
	CHATSERVER_BIN=$(ASAN_BIN) node --test tests/e2e/

# A real browser (Debian's chromium) drives the web client; screenshots land in
# test-artifacts/browser/.
test-browser:
	CHATSERVER_BIN=$(RELEASE_BIN) node --test tests/browser/

# Proves chat-bench works against the real server (a tiny run; figures are not checked).
test-bench-smoke:
	bench/smoke.sh

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
