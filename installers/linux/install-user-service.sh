#!/bin/sh
# Run IslandRun's daemon at login as a systemd user service (no root needed), and optionally the
# tray app at login through the XDG autostart entry.
#
#   installers/linux/install-user-service.sh            # daemon: install, enable, start
#   installers/linux/install-user-service.sh --tray     # ... and start the tray app at login
#   installers/linux/install-user-service.sh --uninstall
#
# ISLANDRUN_BIN overrides which `islandrun` runs (default: the one on PATH); ISLANDRUN_NO_START=1
# only writes and verifies the files (for packaging tests and machines without a user manager).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CONFIG=${XDG_CONFIG_HOME:-$HOME/.config}
UNIT_DIR=$CONFIG/systemd/user
UNIT=$UNIT_DIR/islandrun.service
AUTOSTART=$CONFIG/autostart/islandrun-tray.desktop
tray=no

for arg in "$@"; do
  case "$arg" in
    --tray) tray=yes ;;
    --uninstall)
      if [ -z "${ISLANDRUN_NO_START:-}" ]; then systemctl --user disable --now islandrun.service 2>/dev/null || true; fi
      rm -f "$UNIT" "$AUTOSTART"
      if [ -z "${ISLANDRUN_NO_START:-}" ]; then systemctl --user daemon-reload; fi
      echo "removed $UNIT and $AUTOSTART"
      exit 0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

BIN=${ISLANDRUN_BIN:-$(command -v islandrun || true)}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
  echo "islandrun is not on PATH; install IslandRun first or set ISLANDRUN_BIN=/path/to/islandrun" >&2
  exit 1
fi
case "$BIN" in /*) ;; *) BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN") ;; esac

mkdir -p "$UNIT_DIR"
sed "s|^ExecStart=/usr/bin/islandrun |ExecStart=$BIN |" "$HERE/islandrun.service" > "$UNIT.tmp"
mv "$UNIT.tmp" "$UNIT"
echo "wrote $UNIT (ExecStart=$BIN serve)"
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify "$UNIT"
fi

if [ "$tray" = yes ]; then
  TRAY=$(dirname "$BIN")/islandrun-tray
  [ -x "$TRAY" ] || TRAY=islandrun-tray
  mkdir -p "$(dirname "$AUTOSTART")"
  sed "s|^Exec=islandrun-tray$|Exec=$TRAY|" "$HERE/islandrun-tray.desktop" > "$AUTOSTART"
  echo "wrote $AUTOSTART (the tray's *Start at login* switch shows and changes it)"
fi

if [ -z "${ISLANDRUN_NO_START:-}" ]; then
  systemctl --user daemon-reload
  systemctl --user enable --now islandrun.service
  echo "IslandRun runs now and at every login: systemctl --user status islandrun"
fi
