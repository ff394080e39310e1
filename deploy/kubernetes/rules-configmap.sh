#!/usr/bin/env bash
# Puts a rules folder into Kubernetes: writes rules-configmap.yaml (the ConfigMap recallgate-rules,
# one key per file) and the matching "items" in deployment.yaml, which put each key back at its
# path (ConfigMap keys cannot hold folders, and scenario tests live in tests/).
#
#   deploy/kubernetes/rules-configmap.sh [RULES_DIR]     # default: the repository's rules/
#
# Check the folder first (java -jar recallgate.jar check RULES_DIR). A ConfigMap holds at most 1 MiB.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rules=$(cd "${1:-$here/../../rules}" && pwd)

mapfile -t files < <(cd "$rules" && find . -type f \( -name '*.drl' -o -name '*.csv' -o -name '*.xls' \
  -o -name '*.xlsx' -o -name '*.dsl' -o -name '*.dslr' -o -path './tests/*.yaml' -o -path './tests/*.yml' \
  -o -path './tests/*.json' \) | sed 's|^\./||' | LC_ALL=C sort)
[ ${#files[@]} -gt 0 ] || { echo "no rule files in $rules" >&2; exit 1; }

key() { printf '%s' "$1" | sed 's|/|__|g'; }

{
  echo "# The policy folder as a ConfigMap, written by rules-configmap.sh from ${1:-rules/}; do not edit by hand."
  echo "apiVersion: v1"
  echo "kind: ConfigMap"
  echo "metadata:"
  echo "  name: recallgate-rules"
  echo "data:"
  for f in "${files[@]}"; do
    case "$f" in *.xls|*.xlsx) continue ;; esac
    if [ -n "$(tail -c 1 "$rules/$f")" ]; then indicator='|-'; else indicator='|'; fi
    echo "  $(key "$f"): $indicator"
    sed 's/^/    /' "$rules/$f"
    [ "$indicator" = '|' ] || echo
  done
  binary=0
  for f in "${files[@]}"; do
    case "$f" in *.xls|*.xlsx) ;; *) continue ;; esac
    [ $binary = 1 ] || { echo "binaryData:"; binary=1; }
    echo "  $(key "$f"): $(base64 -w0 "$rules/$f")"
  done
} > "$here/rules-configmap.yaml"

items=$(for f in "${files[@]}"; do
  printf '              - key: %s\n                path: %s\n' "$(key "$f")" "$f"
done)
awk -v items="$items" '
  /# BEGIN rules items/ { print; print "            items:"; print items; skip = 1; next }
  /# END rules items/ { skip = 0 }
  !skip { print }
' "$here/deployment.yaml" > "$here/deployment.yaml.new"
mv "$here/deployment.yaml.new" "$here/deployment.yaml"
echo "wrote rules-configmap.yaml and the rules items of deployment.yaml (${#files[@]} files)" >&2
