# Sourced by .ci/run and ./run-local: makes `node` on PATH a Node.js 22 or newer.
# jsii, which runs CDKTF's synthesis, supports Node.js 22 and 24 (20 reached its end of life on 2026-04-30 and jsii
# warns on every call since 2026-10-30). With an older Node on PATH, Node.js 22 comes from the npm registry (package
# "node", the official binaries) into a per-user cache, once; nothing outside that directory changes.
# Sets node_problem (and returns 1) when it cannot.
node_problem=
use_node_22_or_newer() {
  command -v node >/dev/null 2>&1 || { node_problem="node not found: install Node.js 22 or 24"; return 1; }
  local major dir
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 22 ] && return 0
  command -v npm >/dev/null 2>&1 || { node_problem="Node.js $(node --version) is too old and npm is missing: install Node.js 22 or 24"; return 1; }
  dir="${XDG_CACHE_HOME:-$HOME/.cache}/analysis-platform/node-22"
  if ! [ -x "$dir/node_modules/node/bin/node" ]; then
    echo "Node.js $(node --version) is past its end of life; installing Node.js 22 into $dir (once)" >&2
    npm install --no-audit --no-fund --loglevel=error --prefix "$dir" node@22 >/dev/null \
      || { node_problem="could not install Node.js 22 from the npm registry: install Node.js 22 or 24"; return 1; }
  fi
  export PATH="$dir/node_modules/node/bin:$PATH"
  # Native modules (cdktf-cli's node-pty has no prebuilt binary for Node 22) compile against this Node's own headers,
  # shipped in the same package, instead of node-gyp downloading them.
  local headers
  for headers in "$dir"/node_modules/node/node_modules/node-*; do
    [ -d "$headers/include/node" ] && export npm_config_nodedir="$headers"
  done
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 22 ] || { node_problem="Node.js 22 in $dir did not run: install Node.js 22 or 24"; return 1; }
}
