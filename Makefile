# The two commands of the README, plus a few conveniences. Everything else lives in scripts/.
#   make run    install (apt), build (Release), migrate, load starter data if empty, serve on :8000
#   make test   install (apt), build, run every test suite on SQLite and PostgreSQL
.PHONY: run test test-quick build clean bench format install container-check

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
	bench/pos.sh

# `make build && make install`: the binary, the starter data, the systemd unit (ExecStart pointing at
# BINDIR) and an example environment file; DESTDIR for staging (docs/deployment.md "A VM").
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/mamon
DOCDIR ?= $(PREFIX)/share/doc/mamon
UNITDIR ?= $(PREFIX)/lib/systemd/system
MAMON_BIN ?= $(BUILD_DIR)/mamon

install:
	@test -x $(MAMON_BIN) || { echo "install: no $(MAMON_BIN); run make build first" >&2; exit 1; }
	install -D -m 0755 $(MAMON_BIN) $(DESTDIR)$(BINDIR)/mamon
	install -D -m 0644 data/starter.json $(DESTDIR)$(DATADIR)/starter.json
	install -D -m 0644 deploy/mamon.env.example $(DESTDIR)$(DATADIR)/mamon.env.example
	install -D -m 0644 docs/deployment.md $(DESTDIR)$(DOCDIR)/deployment.md
	install -d $(DESTDIR)$(UNITDIR)
	sed -e 's|/usr/local/bin/|$(BINDIR)/|g' -e 's|/usr/local/share/doc/mamon/|$(DOCDIR)/|g' \
	  deploy/mamon.service > $(DESTDIR)$(UNITDIR)/mamon.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/mamon.service

# Builds the Dockerfile with buildah and runs the image (scripts/container-check.sh): 20-30 minutes.
container-check:
	scripts/container-check.sh

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build build-test build-asan
