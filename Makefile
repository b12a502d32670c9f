# Make targets are the project's interface: run, test, check, lint, format, bench.
SHELL := /bin/bash
PORT ?= 8080
DB ?= var/pdz.db

.PHONY: all run run-pg test check lint format bootstrap build-debug build-release web clean bench bench-load

all: build-debug

bootstrap:
	@scripts/bootstrap

build-debug: bootstrap
	cmake --preset debug >/dev/null
	cmake --build --preset debug

build-release: bootstrap
	cmake --preset release >/dev/null
	cmake --build --preset release

web: bootstrap
	cd web && npm run --silent build

# Installs what is missing, builds, creates the demo database if absent, serves on 127.0.0.1:$(PORT).
# DB is a SQLite file or a postgresql:// URL (the database is created when the role may).
run: build-release web
	@if [[ "$(DB)" == postgres* ]]; then build/release/programs/pdz/pdz db init --db "$(DB)" --demo --keep-existing; \
	else mkdir -p $(dir $(DB)); if [ ! -f "$(DB)" ]; then build/release/programs/pdz/pdz db init --db "$(DB)" --demo; fi; fi
	@build/release/programs/pdz/pdz demo accounts
	build/release/programs/pdz/pdz serve --db "$(DB)" --port $(PORT) --static web/dist

# The demo on PostgreSQL: a local cluster in var/pg, the database pdz (demo data), two servers on
# 127.0.0.1:8081 and :8082 behind nginx on 127.0.0.1:$(PORT). Ctrl-C stops everything.
run-pg: build-release web
	PORT=$(PORT) scripts/run-pg

# Installs what is missing, builds, runs every suite: unit, api, browser.
test: build-debug web
	tools/check_layers.sh
	cd build/debug && ctest --output-on-failure --timeout 600

# Fast subset: unit tests only.
check: build-debug
	cd build/debug && ctest --output-on-failure -L unit

# Knowledge-system benchmark against DuckDB and SQLite on the national workload (docs/bench.md).
# make bench SCALE=0.05 for a quick run; BENCH_ARGS="--data DIR --engines duckdb,sqlite --runs 3".
SCALE ?= 1
bench: build-release
	@stamp=bench/node_modules/.pdz-lock-stamp; \
	if [ ! -f "$$stamp" ] || ! cmp -s bench/package-lock.json "$$stamp"; then \
	  echo "bench: npm ci"; \
	  (cd bench && npm ci --no-audit --no-fund --loglevel=error) && cp bench/package-lock.json "$$stamp"; \
	fi
	node bench/run.mjs --scale $(SCALE) $(BENCH_ARGS)

# HTTP load: wrk on the main reads and two writes against pdz serve on a fresh demo database
# (docs/bench.md). LOAD_ARGS="--duration 30s --connections 32", "--pg-auto" or "--pg postgresql://pdz@127.0.0.1:5432".
bench-load: build-release
	node bench/load.mjs $(LOAD_ARGS)

lint:
	tools/check_layers.sh
	tools/format.sh --check

format:
	tools/format.sh

clean:
	rm -rf build web/dist
