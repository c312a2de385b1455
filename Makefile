# The two commands: `make run` and `make test`. Everything else is a step of those.
.PHONY: run test build deps node-deps test-unit test-integration test-e2e format clean

JOBS ?= $(shell nproc)
RELEASE_BIN := build/release/chatserver
ASAN_BIN := build/asan/chatserver

run: build
	./$(RELEASE_BIN) --port 5000 --data-dir ./data

build: deps node-deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

deps:
	@scripts/install-deps.sh

# npm packages: Swagger UI (served by the server) and the JavaScript test clients.
node-deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: build
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	$(MAKE) test-unit test-integration test-e2e

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

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
