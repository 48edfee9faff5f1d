#!/usr/bin/env bash
# npm run demo: installs what is missing, starts a local Skyvern, and runs `pulumi up` of the
# root project on stack `dev` with demo secrets (dynamic resources), then installs the native
# provider plugin the way users do and runs `pulumi up` of examples/yaml (native resources, Pulumi
# YAML) on its own stack `dev`. Leaves the stacks and server running to inspect.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
say() { printf '[demo] %s\n' "$*" >&2; }

# Pulumi.dev.yaml points at 127.0.0.1:8000, Skyvern's usual local port; use it when it is free.
if ! scripts/skyvern-local status >/dev/null 2>&1; then
  if (exec 3<>/dev/tcp/127.0.0.1/8000) 2>/dev/null; then
    say "port 8000 is busy: starting Skyvern on a free port instead"
    scripts/skyvern-local start
  else
    SKYVERN_PORT=8000 scripts/skyvern-local start
  fi
fi
eval "$(scripts/skyvern-local env)"  # SKYVERN_API_KEY, read by the provider when skyvern:apiKey is not set

pulumi stack select dev --create --non-interactive >/dev/null
[ "$(pulumi config get skyvern:baseUrl)" = "$SKYVERN_BASE_URL" ] || pulumi config set skyvern:baseUrl "$SKYVERN_BASE_URL"
say "setting demo secrets in Pulumi.dev.yaml (encrypted with the passphrase in PULUMI_CONFIG_PASSPHRASE)"
seed="$(node -e 'const a="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";console.log(Array.from(require("crypto").randomBytes(32),b=>a[b%32]).join(""))')"
pulumi config set --secret --path 'credentialSecrets.github-bot.password' "demo-$(node -e 'console.log(require("crypto").randomBytes(9).toString("base64url"))')"
pulumi config set --secret --path 'credentialSecrets.github-bot.totp' "$seed"
pulumi config set --secret --path 'credentialSecrets.stripe-test-key.secretValue' "sk_test_demo_$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"

# --refresh: a restarted local server starts empty, so drop what it no longer has, then create.
pulumi up --yes --refresh --diff --stack dev
say "credential ids (stack output credentialIds):"
pulumi stack output credentialIds --stack dev

say "installing the native provider plugin (npx pulumi-skyvern install-plugin) for examples/yaml"
npx pulumi-skyvern install-plugin
(
  cd examples/yaml
  pulumi stack select dev --create --non-interactive >/dev/null
  pulumi config set skyvern:baseUrl "$SKYVERN_BASE_URL"
  pulumi config set --secret githubPassword "demo-$(node -e 'console.log(require("crypto").randomBytes(9).toString("base64url"))')"
  pulumi config set --secret stripeKey "sk_test_demo_$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
  pulumi up --yes --refresh --stack dev
)
cat >&2 <<EOT
[demo] done. The stacks and the server are still up:
  source scripts/env.sh && eval "\$(scripts/skyvern-local env)"  # pulumi, the backend, the local Skyvern's URL and key
  pulumi stack --stack dev                                # inspect
  pulumi destroy --yes --stack dev                        # remove the credentials
  (cd examples/yaml && pulumi destroy --yes --stack dev && rm Pulumi.dev.yaml)  # the YAML stack
  scripts/skyvern-local stop                              # stop the local Skyvern
  git checkout Pulumi.dev.yaml                            # drop the demo secrets
EOT
