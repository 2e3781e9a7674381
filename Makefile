# Bulletin — build, test, demo and benchmark. Every target installs what it needs first (as root on Debian).
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT ?= swift

.PHONY: all deps bench-deps build release test demo bench lint format clean

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

## test: build and run every test (real SQLite files, real libcurl, real test servers).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

## demo: run the main job end to end on the bundled example data, in ./demo.
demo: build
	@bash Examples/demo.sh "$(CURDIR)/.build/debug/bulletin"

## bench: run the benchmarks and print a table (results also go to Benchmarks/results/).
bench: bench-deps release
	@bash Benchmarks/run.sh "$(CURDIR)/.build/release/bulletin"

## lint: check formatting as CI would.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

## format: format the sources in place.
format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build demo Benchmarks/results Benchmarks/data test-artifacts
