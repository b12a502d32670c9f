# Make targets are the project's interface: run, test, check, lint, format, bench.
SHELL := /bin/bash
PORT ?= 8080
DB ?= var/pdz.db

.PHONY: all run test check lint format bootstrap build-debug build-release web clean

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
run: build-release web
	@mkdir -p $(dir $(DB))
	@if [ ! -f "$(DB)" ]; then build/release/programs/pdz/pdz db init --db "$(DB)" --demo; fi
	@build/release/programs/pdz/pdz demo accounts
	build/release/programs/pdz/pdz serve --db "$(DB)" --port $(PORT) --static web/dist

# Installs what is missing, builds, runs every suite: unit, api, browser.
test: build-debug web
	tools/check_layers.sh
	cd build/debug && ctest --output-on-failure --timeout 600

# Fast subset: unit tests only.
check: build-debug
	cd build/debug && ctest --output-on-failure -L unit

lint:
	tools/check_layers.sh
	tools/format.sh --check

format:
	tools/format.sh

clean:
	rm -rf build web/dist
