# gongkai — every target sets up the environment it needs first.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/uv/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(PYTHON)
export UV_CACHE_DIR := $(CURDIR)/.tools/cache

.PHONY: setup postgres run test lint bench golden clean

setup: $(VENV)/.synced postgres

# The database tests start a throwaway PostgreSQL server: make sure its binaries exist.
postgres:
	@for f in /usr/lib/postgresql/*/bin/initdb; do if command -v "$$f" >/dev/null; then exit 0; fi; done; \
	if [ "$$(id -u)" != 0 ]; then echo "缺少 PostgreSQL 服务器程序：请以 root 运行 make setup，或 apt-get install postgresql" >&2; exit 1; fi; \
	echo "安装 PostgreSQL 服务器程序（apt-get install postgresql）…"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null

$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools/uv "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-groups
	@touch $@

run: setup  ## until the web workbench lands: read and check the shared samples
	$(VENV)/bin/gongkai demo --samples ../shared/samples

test: setup lint
	$(VENV)/bin/pytest -q -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup
	$(VENV)/bin/python benchmarks/bench_read.py ../shared/samples
	$(VENV)/bin/python benchmarks/bench_workbench.py

golden: setup  ## rewrite golden expected files; review them in the diff
	GONGKAI_REWRITE_GOLDEN=1 $(VENV)/bin/pytest -q tests/golden

clean:
	rm -rf $(VENV) .tools .mypy_cache .ruff_cache .pytest_cache .hypothesis
