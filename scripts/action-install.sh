#!/usr/bin/env bash
# Installs bulwark for the GitHub Action: the release binary for this
# runner (checked against the release's checksums.txt), or `go install`
# when there is no release binary (no release yet, an unusual platform,
# or a version that is a branch or commit).
set -euo pipefail
version="${BULWARK_VERSION:-latest}"
bin="${RUNNER_TEMP:-/tmp}/bulwark-bin"
mkdir -p "$bin"

os=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch="" ;;
esac
case "$os" in
  mingw* | msys* | cygwin*) os=windows ;;
esac

installed=""
if command -v gh >/dev/null 2>&1 && [ -n "$arch" ]; then
  tag="$version"
  if [ "$tag" = latest ]; then
    tag=$(gh release view --repo bulwarkhq/bulwark --json tagName --jq .tagName 2>/dev/null || true)
  fi
  if [ -n "$tag" ]; then
    ext=tar.gz
    [ "$os" = windows ] && ext=zip
    asset="bulwark_${tag#v}_${os}_${arch}.${ext}"
    work=$(mktemp -d)
    if gh release download "$tag" --repo bulwarkhq/bulwark --dir "$work" --pattern "$asset" --pattern checksums.txt 2>/dev/null; then
      (cd "$work" && grep " ${asset}\$" checksums.txt | sha256sum -c -)
      if [ "$ext" = zip ]; then
        unzip -q -o "$work/$asset" -d "$work/x"
      else
        mkdir -p "$work/x" && tar -xzf "$work/$asset" -C "$work/x"
      fi
      install -m 0755 "$work/x/bulwark"* "$bin/"
      installed="release $tag"
    fi
    rm -rf "$work"
  fi
fi

if [ -z "$installed" ]; then
  ref="$version"
  [ "$ref" = latest ] && ref=latest
  GOBIN="$bin" go install "github.com/bulwarkhq/bulwark@${ref}"
  installed="go install @${ref}"
fi

echo "$bin" >>"${GITHUB_PATH:-/dev/null}"
echo "bulwark installed ($installed): $("$bin/bulwark" --version)"
