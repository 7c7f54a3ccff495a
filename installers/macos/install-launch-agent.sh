#!/bin/sh
# Run IslandRun's daemon at login on macOS as a launchd agent (no admin rights needed).
#
#   installers/macos/install-launch-agent.sh             # install and start
#   installers/macos/install-launch-agent.sh --uninstall
#
# ISLANDRUN_BIN overrides which islandrun runs (default: the one on PATH, else the .app's binary).
# The tray app's own *Start at login* switch writes ~/Library/LaunchAgents/org.islandrun.tray.plist.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
LABEL=org.islandrun.daemon
AGENT=$HOME/Library/LaunchAgents/$LABEL.plist
DOMAIN=gui/$(id -u)

if [ "${1:-}" = --uninstall ]; then
  launchctl bootout "$DOMAIN/$LABEL" 2>/dev/null || true
  rm -f "$AGENT"
  echo "removed $AGENT"
  exit 0
fi

BIN=${ISLANDRUN_BIN:-$(command -v islandrun || true)}
[ -n "$BIN" ] || BIN=/Applications/IslandRun.app/Contents/MacOS/IslandRun
if [ ! -x "$BIN" ]; then
  echo "no islandrun found; install IslandRun first or set ISLANDRUN_BIN=/path/to/islandrun" >&2
  exit 1
fi

mkdir -p "$(dirname "$AGENT")"
cp "$HERE/$LABEL.plist" "$AGENT"
plutil -replace ProgramArguments.0 -string "$BIN" "$AGENT"
plutil -lint "$AGENT"
launchctl bootout "$DOMAIN/$LABEL" 2>/dev/null || true
launchctl bootstrap "$DOMAIN" "$AGENT"
echo "IslandRun runs now and at every login: launchctl print $DOMAIN/$LABEL"
