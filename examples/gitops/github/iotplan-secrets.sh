# shellcheck shell=bash
# Source it in a step that runs iotplan: `source .github/iotplan-secrets.sh sites/site.yaml`.
#
# Exports, from IOTPLAN_SECRETS_JSON (the step's `env: IOTPLAN_SECRETS_JSON: ${{ toJSON(secrets) }}`),
# exactly the secrets the manifest references as ${env:NAME}, found by `iotplan render` (arguments as
# for iotplan plan: the manifest, and --vars/--sites for a template). No secret name is written in the
# workflow; a manifest without ${env:...} exports nothing. A referenced secret that is missing or empty
# stops the step with its name. Only this step's shell gets them, and GitHub masks each in the logs.
# The references are read from the manifest's values (PyYAML, which iotplan installs), not its text: a
# `${env:...}` in a comment is not a reference and needs no secret.
iotplan_manifest_secrets() {
  local rendered names name value
  rendered=$(iotplan render "$@") || return 1
  names=$(python -c '
import re, sys, yaml
def strings(value):
    if isinstance(value, dict):
        for item in value.values(): yield from strings(item)
    elif isinstance(value, list):
        for item in value: yield from strings(item)
    elif isinstance(value, str):
        yield value
found = {name for text in strings(yaml.safe_load(sys.stdin)) for name in re.findall(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}", text)}
print("\n".join(sorted(found)))
' <<<"$rendered") || return 1
  for name in $names; do
    value=$(jq -r --arg name "$name" '.[$name] // empty' <<<"${IOTPLAN_SECRETS_JSON:-{\}}")
    if [ -z "$value" ]; then
      echo "::error::the manifest references \${env:$name}: add a repository or environment secret named $name"
      return 1
    fi
    export "$name=$value"
  done
}
iotplan_manifest_secrets "$@"
status=$?
unset IOTPLAN_SECRETS_JSON
return "$status" 2>/dev/null || exit "$status"
