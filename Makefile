# Bulletin — build, test, demo and benchmark. Every target installs what it needs first (as root on Debian).
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT ?= swift

.PHONY: all deps bench-deps build release test demo bench lint format clean install uninstall man install-test

## Where `make install` puts things: $(DESTDIR)$(PREFIX)/bin/bulletin, …/share/man/man1/bulletin.1, the shell
## completions, and …/share/bulletin/{Templates,systemd}. CONFIGURATION=debug installs the debug build (tests).
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
BINDIR := $(PREFIX)/bin
MANDIR := $(PREFIX)/share/man/man1
DATADIR := $(PREFIX)/share/bulletin
BASHDIR := $(PREFIX)/share/bash-completion/completions
ZSHDIR := $(PREFIX)/share/zsh/site-functions
FISHDIR := $(PREFIX)/share/fish/vendor_completions.d
TEMPLATE_FILES := $(shell cd Templates && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
UNIT_FILES := bulletin-serve.service bulletin-send.service bulletin-send.timer
MANPAGE := .build/plugins/GenerateManual/outputs/bulletin/bulletin.1

all: build

## deps: install the Debian and PyPI packages the build and the tests need (only what is missing).
deps:
	@bash .ci/install-deps .ci/apt-packages.txt .ci/requirements.txt

## bench-deps: the same, plus what the benchmarks compare against (sqlite3, Postfix's smtp-sink, …).
bench-deps: deps
	@bash .ci/install-deps .ci/apt-bench-packages.txt .ci/requirements-bench.txt

## build: a debug build of `bulletin` (.build/debug/bulletin).
build: deps
	$(SWIFT) build

## release: an optimized build (.build/release/bulletin).
release: deps
	$(SWIFT) build -c release

## test: build and run every test (real SQLite files, real libcurl, real test servers), and an install into a
## temporary DESTDIR and its uninstall.
test: deps
	$(SWIFT) build --build-tests
	@bash Tests/install-test.sh
	$(SWIFT) test

## man: the man page, generated from the commands' help by swift-argument-parser's generate-manual plugin.
man:
	$(SWIFT) package generate-manual --configuration $(CONFIGURATION) >/dev/null
	@test -s $(MANPAGE)

## install: the binary, the man page, bash/zsh/fish completions, the stock templates and the example systemd units
## under $(DESTDIR)$(PREFIX) (default /usr/local).
install: man
	$(SWIFT) build -c $(CONFIGURATION) --product bulletin
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)" "$(DESTDIR)$(BASHDIR)" "$(DESTDIR)$(ZSHDIR)" \
		"$(DESTDIR)$(FISHDIR)" "$(DESTDIR)$(DATADIR)/systemd"
	install -m 0755 .build/$(CONFIGURATION)/bulletin "$(DESTDIR)$(BINDIR)/bulletin"
	install -m 0644 $(MANPAGE) "$(DESTDIR)$(MANDIR)/bulletin.1"
	.build/$(CONFIGURATION)/bulletin --generate-completion-script bash > "$(DESTDIR)$(BASHDIR)/bulletin"
	.build/$(CONFIGURATION)/bulletin --generate-completion-script zsh > "$(DESTDIR)$(ZSHDIR)/_bulletin"
	.build/$(CONFIGURATION)/bulletin --generate-completion-script fish > "$(DESTDIR)$(FISHDIR)/bulletin.fish"
	chmod 0644 "$(DESTDIR)$(BASHDIR)/bulletin" "$(DESTDIR)$(ZSHDIR)/_bulletin" "$(DESTDIR)$(FISHDIR)/bulletin.fish"
	for file in $(TEMPLATE_FILES); do \
		install -D -m 0644 "Templates/$$file" "$(DESTDIR)$(DATADIR)/Templates/$$file" || exit 1; \
	done
	for file in $(UNIT_FILES); do \
		install -m 0644 "Examples/systemd/$$file" "$(DESTDIR)$(DATADIR)/systemd/$$file" || exit 1; \
	done

## uninstall: removes exactly the files `make install` puts there (and bulletin's own folders once empty).
uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/bulletin" "$(DESTDIR)$(MANDIR)/bulletin.1" "$(DESTDIR)$(BASHDIR)/bulletin" \
		"$(DESTDIR)$(ZSHDIR)/_bulletin" "$(DESTDIR)$(FISHDIR)/bulletin.fish"
	for file in $(TEMPLATE_FILES); do rm -f "$(DESTDIR)$(DATADIR)/Templates/$$file"; done
	for file in $(UNIT_FILES); do rm -f "$(DESTDIR)$(DATADIR)/systemd/$$file"; done
	if [ -d "$(DESTDIR)$(DATADIR)" ]; then find "$(DESTDIR)$(DATADIR)" -depth -type d -empty -delete; fi

## demo: run the main job end to end on the bundled example data, in ./demo.
demo: build
	@bash Examples/demo.sh "$(CURDIR)/.build/debug/bulletin"

## bench: run the benchmarks and print a table (results also go to Benchmarks/results/).
bench: bench-deps release
	@bash Benchmarks/run.sh "$(CURDIR)/.build/release/bulletin"

## lint: check formatting as CI would.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks/BulletinBench Package.swift

## format: format the sources in place.
format:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks/BulletinBench Package.swift

clean:
	rm -rf .build demo Benchmarks/results Benchmarks/data test-artifacts
