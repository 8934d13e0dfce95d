# The two commands of the README, plus a few conveniences. Everything else lives in scripts/.
#   make run    install (apt), build (Release), migrate, load starter data if empty, serve on :8000
#   make test   install (apt), build, run every test suite on SQLite and PostgreSQL
.PHONY: run test test-quick build clean bench format

BUILD_DIR ?= build
JOBS ?= $(shell nproc)

build:
	scripts/install-deps.sh
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DMAMON_TESTS=OFF >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS) --target mamon

run:
	scripts/run.sh

test:
	scripts/test.sh

# The same suites without sanitizers and without the browser tests, in their own build folder: for
# iterating.
test-quick:
	MAMON_SANITIZE=0 MAMON_BROWSER_TESTS=OFF BUILD_DIR=build-quick scripts/test.sh

bench:
	bench/run.sh
	bench/pages.sh
	bench/instances.sh

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build build-test build-asan
