# pjece: `make` builds the sample site in content/ into public/; `make test` runs every test.
CARGO ?= cargo
# Debian packages the tests drive for real: Chromium prints and measures the leaflet,
# poppler-utils inspects the PDFs, zbar-tools decodes the leaflet's QR code.
TEST_PACKAGES := chromium poppler-utils zbar-tools fonts-dejavu-core

.PHONY: site test deps lint fmt bench bench-serve clean fuzz

site:
	$(CARGO) run --quiet -- build

test: deps
	$(CARGO) test --all-targets

# Installs the test packages that are missing (Debian/Ubuntu; uses sudo when not root).
deps:
	@missing=""; \
	for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

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
