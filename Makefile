# make demo: build docs/ to HTML and PDF.  make test: run every test.
# Both install what is missing first: Debian packages (as root) and a local virtualenv.

VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.kerasviz-installed
DEBS_DOT   := graphviz
DEBS_TEX   := latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre
DEBS_TOOLS := chromium poppler-utils

.PHONY: demo test lint bench zoo system venv clean

system:
	@missing=""; \
	command -v dot >/dev/null 2>&1 || missing="$$missing $(DEBS_DOT)"; \
	command -v latexmk >/dev/null 2>&1 || missing="$$missing $(DEBS_TEX)"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "please install these Debian packages (as root):$$missing" >&2; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e ".[test,docs,bench]"
	# Keras 2 for the tests, matching TensorFlow; --no-deps: it would pull the GPU TensorFlow
	$(PY) -m pip install -q --disable-pip-version-check --no-deps \
	  "tf_keras~=$$($(PY) -c 'from importlib.metadata import version; print(*version("tensorflow-cpu").split(".")[:2], sep=".")').0"
	# KerasHub for the tests' corpus and the docs; --no-deps: tensorflow-text would pull the GPU
	# TensorFlow too (its tokenizers are not needed to build models from configurations)
	$(PY) -m pip install -q --disable-pip-version-check absl-py kagglehub regex rich tokenizers
	$(PY) -m pip install -q --disable-pip-version-check --no-deps "keras-hub>=0.32"
	touch $(STAMP)

venv: $(STAMP)

test: system venv
	$(PY) -m ruff check sphinx_kerasviz tests bench docs/conf.py
	$(PY) -m pytest -q -ra -n auto --dist loadfile

demo: system venv
	rm -rf docs/_build
	$(VENV)/bin/sphinx-build -q -b html docs docs/_build/html
	$(VENV)/bin/sphinx-build -M latexpdf docs docs/_build -q
	@echo
	@echo "HTML: $(CURDIR)/docs/_build/html/index.html"
	@echo "PDF:  $(CURDIR)/docs/_build/latex/sphinx-kerasviz.pdf"

lint: venv
	$(PY) -m ruff check sphinx_kerasviz tests bench docs/conf.py

bench: system venv
	$(PY) bench/run.py

zoo: system venv
	$(PY) bench/zoo.py

clean:
	rm -rf docs/_build build dist *.egg-info
