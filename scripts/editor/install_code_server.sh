#!/usr/bin/env bash
# Copied from the editor research notes (verified recipe); called by scripts/install_test_tools.sh.
# Install code-server 4.100.3 (VS Code 1.100.3, the last 4.x that accepts Node 20)
# from the npm registry only: no GitHub downloads. Needs: node 20, gcc/g++/make,
# python3, and Debian packages libkrb5-dev, pkg-config, ripgrep.
#   apt-get install -y libkrb5-dev pkg-config ripgrep chromium
# Usage: install_code_server.sh <dir>   -> <dir>/node_modules/.bin/code-server
set -euo pipefail
DIR=${1:?target dir}; mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)
mkdir -p "$DIR" && cd "$DIR"
[ -f package.json ] || echo '{"name":"cs-e2e","private":true}' > package.json
export npm_config_nodedir=/usr          # node-gyp uses Debian's /usr/include/node headers, no download
# 1. Skip code-server's postinstall: it runs `npm install` in lib/vscode, where
#    @vscode/ripgrep's postinstall downloads rg from GitHub (fails offline).
npm install --no-audit --no-fund --ignore-scripts code-server@4.100.3
npm rebuild argon2                      # prebuilt download fails -> compiles from source
# 2. Replay code-server's postinstall.sh by hand.
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
# native modules (node-pty's post-install step wants npx; its pty.node is built before that)
npm rebuild @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty --foreground-scripts >/dev/null 2>&1 || true
test -f node_modules/node-pty/build/Release/pty.node
test -f node_modules/@vscode/spdlog/build/Release/spdlog.node
mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund >/dev/null)
cd "$DIR"
./node_modules/.bin/code-server --version
