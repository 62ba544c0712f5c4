#!/usr/bin/env bash
# Publishes a built site (the folder `mkdocs build` writes) to S3-compatible object storage, such
# as AWS S3, Cloudflare R2 or Backblaze B2, for a CDN to serve. .github/workflows/deploy-cdn.yml
# runs it; the Voices README ("Hosting a large archive on object storage and a CDN") says how to
# set it up.
#
#   publish-cdn.sh SITE_DIR REMOTE:BUCKET[/PREFIX]
#
# The copying is done by rclone (https://rclone.org), configured from the environment: for a
# remote called cdn, RCLONE_CONFIG_CDN_TYPE=s3, RCLONE_CONFIG_CDN_PROVIDER, ..._ACCESS_KEY_ID,
# ..._SECRET_ACCESS_KEY, ..._ENDPOINT and ..._REGION. Any other rclone option can be given the
# same way, e.g. RCLONE_TRANSFERS=16, or RCLONE_DRY_RUN=true to see what would change.
#
# What each file gets:
#   - Files whose names hold a hash of their content (Material's stylesheets and scripts,
#     Pagefind's index) never change under the same name: cached for a year ("immutable").
#   - Everything else (the pages, feed.xml, sitemap.xml, pagefind.js, pagefind-entry.json,
#     assets/voices.css ...) may change on the next build: cached for five minutes.
#   - Text (HTML, CSS, JavaScript, JSON, XML, SVG ...) is stored gzip-compressed, with
#     Content-Encoding: gzip and its own Content-Type; images, PDFs, audio, zips and Pagefind's
#     .pf_* files (compressed already) are stored as they are.
#
# The order never leaves a reader with a page whose parts are missing: first the hashed files
# (new names, nothing yet points to them), then the other files, the pages last, and only at the
# very end are files deleted that are no longer in the site, such as a withdrawn story's page.
#
# Unchanged files are not uploaded again: rclone compares size and checksum (--checksum), and
# `gzip -n` leaves out the name and time, so the same page compresses to the same bytes on every
# build. The headers of a file already in the bucket are not compared: after changing the cache
# times below, publish once with RCLONE_IGNORE_TIMES=true to upload every file again.
set -euo pipefail

LONG_CACHE="public, max-age=31536000, immutable"
SHORT_CACHE="public, max-age=300, must-revalidate"

# Paths (from the site's root) of files named by their content's hash, as Material for MkDocs
# and Pagefind write them, e.g. assets/stylesheets/main.57a0d79d.min.css,
# assets/javascripts/workers/search.a7633da7.min.js, pagefind/fragment/en_111d6d8.pf_fragment,
# pagefind/pagefind.en_9175721d00.pf_meta. pagefind/wasm.en.pagefind is named by its language
# only, and assets/javascripts/lunr/ by nothing at all: those get the short cache.
FINGERPRINTED=(
  '^assets/stylesheets/[^/]+\.[0-9a-f]{8}\.min\.css(\.map)?$'
  '^assets/javascripts/[^/]+\.[0-9a-f]{8}\.min\.js(\.map)?$'
  '^assets/javascripts/workers/[^/]+\.[0-9a-f]{8}\.min\.js(\.map)?$'
  '^pagefind/pagefind\.[^/]+_[0-9a-f]{7,}\.pf_meta$'
  '^pagefind/index/[^/]+_[0-9a-f]{7,}\.pf_index$'
  '^pagefind/fragment/[^/]+_[0-9a-f]{7,}\.pf_fragment$'
  '^pagefind/filter/[^/]+_[0-9a-f]{7,}\.pf_filter$'
)

# Text files, stored compressed, by extension: their Content-Type. Every other file keeps the
# type rclone gives it from its extension.
declare -A TEXT_TYPES=(
  [html]="text/html; charset=utf-8"
  [htm]="text/html; charset=utf-8"
  [css]="text/css; charset=utf-8"
  [js]="text/javascript; charset=utf-8"
  [mjs]="text/javascript; charset=utf-8"
  [json]="application/json"
  [map]="application/json"
  [xml]="application/xml"
  [svg]="image/svg+xml"
  [txt]="text/plain; charset=utf-8"
  [webmanifest]="application/manifest+json"
  [vtt]="text/vtt; charset=utf-8"
)
# The order their groups are uploaded in: the pages last, after everything they point to.
TEXT_ORDER=(css js mjs map json svg txt webmanifest vtt xml htm html)

# A group of fewer files than this is looked up file by file in the bucket (--no-traverse)
# rather than by listing the whole bucket.
FEW_FILES=1000

usage() {
  echo "Usage: $0 SITE_DIR REMOTE:BUCKET[/PREFIX]" >&2
  echo "  SITE_DIR: a site built with 'mkdocs build' (it holds index.html)" >&2
  echo "  REMOTE:BUCKET: where to publish it, e.g. cdn:my-archive (rclone remote and bucket)" >&2
  exit 2
}

[ "$#" -eq 2 ] || usage
site=${1%/}
dest=${2%/}
if [ ! -f "$site/index.html" ]; then
  echo "error: $1 is not a built site: it has no index.html. Run 'mkdocs build' first." >&2
  exit 2
fi
remote_re='^[A-Za-z0-9_. -]+:.+$'  # an rclone remote's name, a colon, a bucket (and folder)
if [[ ! $dest =~ $remote_re ]]; then
  echo "error: '$2' is not a remote and bucket: write it as REMOTE:BUCKET, e.g. cdn:my-archive" >&2
  exit 2
fi
if ! command -v rclone >/dev/null 2>&1; then
  echo "error: rclone is not installed (or not on PATH). Install it first: see" \
       "https://rclone.org/install/ (on Debian or Ubuntu: sudo apt-get install rclone)." >&2
  exit 3
fi

for ext in "${!TEXT_TYPES[@]}"; do  # a type left out of the order would go up without headers
  if [[ " ${TEXT_ORDER[*]} " != *" $ext "* ]]; then
    echo "error: '$ext' is in TEXT_TYPES but not in TEXT_ORDER" >&2
    exit 1
  fi
done

site=$(cd "$site" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/site"  # the files as the bucket gets them: text compressed, the rest as it is
lists="$work/lists"
mkdir -p "$lists"

# --- sort the files into groups ----------------------------------------------------------------

is_fingerprinted() {
  local pattern
  for pattern in "${FINGERPRINTED[@]}"; do
    [[ $1 =~ $pattern ]] && return 0
  done
  return 1
}

: > "$work/compress"
count=0
while IFS= read -r -d '' path; do
  path=${path#./}
  if [[ $path == *$'\n'* ]]; then
    echo "error: a file name in the site holds a line break, which rclone's lists cannot: $path" >&2
    exit 1
  fi
  name=${path##*/}
  ext=""
  [[ $name == ?*.* ]] && ext=${name##*.} && ext=${ext,,}
  if is_fingerprinted "$path"; then cache=long; else cache=short; fi
  if [ -n "$ext" ] && [ -n "${TEXT_TYPES[$ext]+set}" ]; then
    printf '%s\n' "$path" >> "$lists/$cache-gzip-$ext"
    printf '%s\0' "$path" >> "$work/compress"
  else
    printf '%s\n' "$path" >> "$lists/$cache-plain"
  fi
  count=$((count + 1))
done < <(cd "$site" && find . -type f -print0 | LC_ALL=C sort -z)

# --- the staging copy: text files compressed, the rest linked (or copied) as they are ---------

mkdir "$stage"
if ! cp -al "$site/." "$stage/" 2>/dev/null; then
  rm -rf "$stage" && mkdir "$stage" && cp -R "$site/." "$stage/"
fi
compress() {  # SITE STAGE PATH...: each PATH of SITE, gzip-compressed, replaces STAGE's copy
  local from=$1 to=$2 path
  shift 2
  for path in "$@"; do
    # Written beside it, then renamed over it: a hard link to the site's own file is replaced,
    # never written through.
    gzip -9 -n -c -- "$from/$path" > "$to/$path.publish-cdn-tmp" || exit 1
    mv -f -- "$to/$path.publish-cdn-tmp" "$to/$path" || exit 1
  done
}
export -f compress
jobs=$(nproc 2>/dev/null || echo 2)
xargs -0 -r -n 100 -P "$jobs" bash -c 'compress "$@"' compress "$site" "$stage" < "$work/compress"

# --- upload, in order --------------------------------------------------------------------------

common=(--checksum --fast-list --stats-one-line --verbose)

upload() {  # LIST CACHE-CONTROL [CONTENT-TYPE]: the listed files; with a type, as gzip
  local list=$1 cache=$2 type=${3-} n
  [ -s "$list" ] || return 0
  n=$(wc -l < "$list")
  n=${n//[!0-9]/}
  local args=(copy "$stage" "$dest" --files-from-raw "$list" "${common[@]}"
              --header-upload "Cache-Control: $cache")
  if [ -n "$type" ]; then
    args+=(--header-upload "Content-Encoding: gzip" --header-upload "Content-Type: $type")
  fi
  [ "$n" -lt "$FEW_FILES" ] && args+=(--no-traverse)
  echo "publish-cdn: $n file(s), ${type:-as they are}, Cache-Control: $cache" >&2
  rclone "${args[@]}"
}

echo "publish-cdn: $count files from $site to $dest" >&2
# 1. Fingerprinted files: new names, which no page in the bucket points to yet.
for ext in "${TEXT_ORDER[@]}"; do
  upload "$lists/long-gzip-$ext" "$LONG_CACHE" "${TEXT_TYPES[$ext]}"
done
upload "$lists/long-plain" "$LONG_CACHE"
# 2. The other files, the pages last.
upload "$lists/short-plain" "$SHORT_CACHE"
for ext in "${TEXT_ORDER[@]}"; do
  upload "$lists/short-gzip-$ext" "$SHORT_CACHE" "${TEXT_TYPES[$ext]}"
done
# 3. Only now delete what is no longer in the site. Every file is in the bucket already, so
# --ignore-existing leaves them be and this pass only deletes.
echo "publish-cdn: deleting files no longer in the site" >&2
rclone sync "$stage" "$dest" "${common[@]}" --ignore-existing --delete-after
echo "publish-cdn: done" >&2
