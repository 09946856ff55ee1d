#!/usr/bin/env bash
# Trunk post-build hook: allows the built page's inline scripts (Trunk's wasm loader) by hash.
# index.html carries the Content-Security-Policy with the placeholder INLINE_SCRIPT_HASHES in
# script-src; this replaces it with 'sha256-…' of every inline <script> in the staged
# index.html, so no 'unsafe-inline' is needed for scripts. Needs only perl, sha256sum, base64.
set -euo pipefail
html="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}/index.html"
placeholder=INLINE_SCRIPT_HASHES

grep -q "$placeholder" "$html" ||
  { echo "csp-hashes: no $placeholder in $html (is the CSP meta tag gone?)" >&2; exit 1; }

# The body of each <script> without a src attribute, NUL-separated, bytes unchanged.
inline_scripts() {
  perl -0777 -ne 'while (/<script\b([^>]*)>(.*?)<\/script>/gis) {
    my ($attrs, $body) = ($1, $2); print "$body\0" unless $attrs =~ /\bsrc\s*=/i; }' "$1"
}

# CSP hash source: base64 of the raw SHA-256 digest (sha256sum prints hex; printf makes bytes).
sha256_base64() {
  local hex
  hex=$(sha256sum | cut -d' ' -f1)
  printf "$(sed 's/../\\x&/g' <<<"$hex")" | base64 -w0
}

hashes=""
while IFS= read -r -d '' body; do
  hashes+="'sha256-$(printf '%s' "$body" | sha256_base64)' "
done < <(inline_scripts "$html")
hashes=${hashes% }
# With no inline script at all, "script-src 'self' …" stays valid without the placeholder.
# (Through the environment: base64 has '/' and '+', which a perl pattern would misread.)
HASHES="${hashes:+ $hashes}" perl -0777 -pi -e "s/ ?$placeholder/\$ENV{HASHES}/g" "$html"
echo "csp-hashes: allowed $(grep -o "'sha256-" <<<"$hashes" | wc -l) inline script(s) by hash"
