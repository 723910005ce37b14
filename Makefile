# gongkai — every target sets up the environment it needs first.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/uv/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(PYTHON)
export UV_CACHE_DIR := $(CURDIR)/.tools/cache

.PHONY: setup system run test lint bench golden clean

setup: $(VENV)/.synced system

# What the project needs from Debian: a PostgreSQL server for the database tests, Chinese fonts
# and LibreOffice for rendering (and checking) DOCX and PDF, poppler for inspecting PDFs, and
# Chromium for the end-to-end browser tests (Playwright drives Debian's chromium).
system:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v fc-list >/dev/null || missing="$$missing fontconfig"; \
	[ -n "$$(fc-list ':lang=zh' family 2>/dev/null)" ] || missing="$$missing fonts-noto-cjk"; \
	ls /usr/lib/*-linux-gnu/libpangoft2-1.0.so.0 >/dev/null 2>&1 || missing="$$missing libpangoft2-1.0-0"; \
	ls /usr/lib/*-linux-gnu/libharfbuzz-subset.so.0 >/dev/null 2>&1 || missing="$$missing libharfbuzz-subset0"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdffonts >/dev/null || missing="$$missing poppler-utils"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" != 0 ]; then echo "缺少系统软件包：$$missing。请以 root 运行 make setup，或 apt-get install$$missing" >&2; exit 1; fi; \
	echo "安装系统软件包：$$missing …"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null

$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools/uv "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-groups
	@touch $@

run: setup  ## the web workbench on SQLite (data/gongkai.sqlite3) with the demo county
	$(VENV)/bin/gongkai serve --demo --host 127.0.0.1 --port 8000

test: setup lint
	$(VENV)/bin/pytest -q -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup
	$(VENV)/bin/python benchmarks/bench_read.py ../shared/samples
	$(VENV)/bin/python benchmarks/bench_render.py ../shared/samples
	$(VENV)/bin/python benchmarks/bench_formats.py ../shared/samples
	$(VENV)/bin/python benchmarks/bench_batch.py
	$(VENV)/bin/python benchmarks/bench_workbench.py
	$(VENV)/bin/python benchmarks/bench_oversight.py
	$(VENV)/bin/python benchmarks/bench_board.py
	$(VENV)/bin/python benchmarks/bench_web.py

golden: setup  ## rewrite golden expected files; review them in the diff
	GONGKAI_REWRITE_GOLDEN=1 $(VENV)/bin/pytest -q tests/golden

clean:
	rm -rf $(VENV) .tools .mypy_cache .ruff_cache .pytest_cache .hypothesis
