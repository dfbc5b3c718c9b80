# govsite: `make demo` builds and serves the demo; `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist); each gets its own copy of the seeded database and, with REDIS_URL, its own Redis db.
TEST_WORKERS ?= 2

MUTATION_CHILDREN ?= 1
MUTANTS ?=

.PHONY: install demo demo-data serve test chromium lock clean mutation mutation-recheck mutation-report

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "govsite 需要 Python 3.11 或更高版本 / needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	touch $@

install: $(VENV)/.installed

demo-data: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_seed_sites
	$(BIN)/python manage.py load_demo --port $(DEMO_PORT) --accounts-file var/demo-accounts.txt

demo: demo-data
	@echo "演示账号已保存在 var/demo-accounts.txt / demo accounts saved in var/demo-accounts.txt"
	GOVSITE_SERVE_MEDIA=1 $(BIN)/python manage.py runserver 127.0.0.1:$(DEMO_PORT)

serve: install
	GOVSITE_SERVE_MEDIA=1 $(BIN)/python manage.py runserver 127.0.0.1:$(DEMO_PORT)

# Browser tests drive Debian's chromium (with a CJK font for screenshots); install when missing and we may.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && [ -d /usr/share/fonts/opentype/noto ]; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -q chromium fonts-noto-cjk >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-noto-cjk >/dev/null)); \
	  else echo "请安装 chromium 与 fonts-noto-cjk 以运行浏览器测试 / install chromium and fonts-noto-cjk"; exit 1; fi; }

test: install chromium
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --durations=15 $(PYTEST_ARGS)

# Mutation testing of the rule modules ([tool.mutmut] in pyproject.toml); slow, not part of `make test`.
# MUTANTS="sites.identity*" limits the run; the report counts what has been run so far.
mutation: install
	$(BIN)/python -m mutmut run --max-children $(MUTATION_CHILDREN) $(MUTANTS); \
	  $(BIN)/python tools/mutation_report.py --fail-under 90

# After (or instead of finishing) `make mutation`: the mutants not found killed, against each module's own rule tests
# ([tool.mutation_recheck]); much faster, and it can only under-count.
mutation-recheck: install
	$(BIN)/python tools/mutation_recheck.py --generate --all --jobs $(MUTATION_CHILDREN); \
	  $(BIN)/python tools/mutation_report.py --fail-under 90

mutation-report:
	$(BIN)/python tools/mutation_report.py --survivors

lock: install
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) var/govsite.sqlite3*
