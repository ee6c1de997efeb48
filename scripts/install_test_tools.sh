#!/usr/bin/env bash
# Install the external tools the test suite uses. Idempotent: re-running is cheap.
#   - @microsoft/sarif-multitool (npm) into <repo>/.tools, for SARIF validation
#     (tests/sarif_validation.py looks for it there, or at $SARIF_MULTITOOL).
#   - Debian's golang-go, for gofmt, unless gofmt is already available.
set -euo pipefail

MULTITOOL_VERSION="5.7.0"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${REPO_ROOT}/.tools"

log() { printf '[install_test_tools] %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        log "need root for: $*"
        return 1
    fi
}

# --- @microsoft/sarif-multitool ------------------------------------------------
# Version of an installed npm package under .tools ("" if absent).
installed_version() {
    local pkg="${TOOLS_DIR}/node_modules/$1/package.json"
    [ -f "${pkg}" ] || return 0
    node -e 'process.stdout.write(require(process.argv[1]).version || "")' "${pkg}" 2>/dev/null || true
}

# The wrapper pulls in the platform binary as an optional dependency with a caret
# range (^5.7.0); on Linux pin that one too, so a later 5.x does not slip in.
packages=("@microsoft/sarif-multitool@${MULTITOOL_VERSION}")
native_pkg=""
if [ "$(uname -s)" = "Linux" ]; then
    native_pkg="@microsoft/sarif-multitool-linux"
    packages+=("${native_pkg}@${MULTITOOL_VERSION}")
fi

multitool_ok() {
    [ "$(installed_version @microsoft/sarif-multitool)" = "${MULTITOOL_VERSION}" ] || return 1
    [ -x "${TOOLS_DIR}/node_modules/.bin/sarif-multitool" ] || return 1
    if [ -n "${native_pkg}" ]; then
        [ "$(installed_version "${native_pkg}")" = "${MULTITOOL_VERSION}" ] || return 1
        [ -f "${TOOLS_DIR}/node_modules/${native_pkg}/Sarif.Multitool" ] || return 1
    fi
}

if multitool_ok; then
    log "@microsoft/sarif-multitool@${MULTITOOL_VERSION} already installed in ${TOOLS_DIR}"
else
    if ! command -v npm >/dev/null 2>&1; then
        log "npm not found; installing Debian's npm"
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y npm
    fi
    log "installing @microsoft/sarif-multitool@${MULTITOOL_VERSION} into ${TOOLS_DIR}"
    mkdir -p "${TOOLS_DIR}"
    npm install --prefix "${TOOLS_DIR}" --no-save --no-audit --no-fund "${packages[@]}"
    multitool_ok || { log "sarif-multitool install incomplete in ${TOOLS_DIR}"; exit 1; }
fi
# The package's postinstall (chmod u+x) may be skipped by npm's script policy.
if [ -n "${native_pkg}" ]; then
    chmod u+x "${TOOLS_DIR}/node_modules/${native_pkg}/Sarif.Multitool"
fi

# --- gofmt (Debian golang-go) ---------------------------------------------------
if command -v gofmt >/dev/null 2>&1; then
    log "gofmt found at $(command -v gofmt)"
elif [ -x /usr/lib/go/bin/gofmt ]; then
    log "gofmt found at /usr/lib/go/bin/gofmt (not on PATH)"
else
    log "installing Debian's golang-go"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y golang-go
fi

# --- editor tools (issue 6: language server + VS Code extension e2e tests) ----------
# Debian's neovim and chromium, the extension's npm packages (npm ci, from the lockfile:
# TypeScript, esbuild, vsce, playwright-core without a browser download) and code-server
# 4.100.3 from the npm registry into .tools/code-server (scripts/editor/install_code_server.sh).
# Each step is skipped when already done. GOLINT_AI_SKIP_EDITOR_TOOLS=1 skips them all.
if [ "${GOLINT_AI_SKIP_EDITOR_TOOLS:-}" = "1" ]; then
    log "editor tools skipped (GOLINT_AI_SKIP_EDITOR_TOOLS=1)"
else
    editor_debs=()
    command -v nvim >/dev/null 2>&1 || editor_debs+=(neovim)
    command -v chromium >/dev/null 2>&1 || editor_debs+=(chromium)
    command -v rg >/dev/null 2>&1 || editor_debs+=(ripgrep)
    command -v pkg-config >/dev/null 2>&1 || editor_debs+=(pkg-config)
    command -v make >/dev/null 2>&1 || editor_debs+=(make)
    command -v g++ >/dev/null 2>&1 || editor_debs+=(g++)
    [ -f /usr/include/gssapi/gssapi.h ] || editor_debs+=(libkrb5-dev)   # code-server's kerberos module
    [ -f /usr/include/node/node.h ] || editor_debs+=(libnode-dev)       # node-gyp headers, no download
    if [ "${#editor_debs[@]}" -gt 0 ]; then
        log "installing Debian packages: ${editor_debs[*]}"
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${editor_debs[@]}"
    else
        log "neovim, chromium and code-server build dependencies found"
    fi

    EXT_DIR="${REPO_ROOT}/vscode-ext"
    lock_hash="$(sha256sum "${EXT_DIR}/package-lock.json" | cut -d' ' -f1)"
    stamp="${EXT_DIR}/node_modules/.golint-ai-lock-sha256"
    if [ -f "${stamp}" ] && [ "$(cat "${stamp}")" = "${lock_hash}" ]; then
        log "vscode-ext/node_modules matches package-lock.json"
    else
        log "npm ci in vscode-ext"
        (cd "${EXT_DIR}" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
        echo "${lock_hash}" > "${stamp}"
    fi

    CODE_SERVER_VERSION="4.100.3"
    CODE_SERVER_DIR="${TOOLS_DIR}/code-server"
    cs_bin="${CODE_SERVER_DIR}/node_modules/.bin/code-server"
    if [ -x "${cs_bin}" ] && "${cs_bin}" --version 2>/dev/null | grep -q "^${CODE_SERVER_VERSION} "; then
        log "code-server ${CODE_SERVER_VERSION} already installed in ${CODE_SERVER_DIR}"
    else
        log "installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR}"
        rm -rf "${CODE_SERVER_DIR}"
        bash "${REPO_ROOT}/scripts/editor/install_code_server.sh" "${CODE_SERVER_DIR}"
    fi
fi

log "done"
