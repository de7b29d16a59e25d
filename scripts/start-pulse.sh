#!/usr/bin/env bash
# Starts (once) a PulseAudio daemon with a null sink "yomiage_null" for tests that play audio for real.
# Idempotent: a second call finds the running daemon and only makes sure the sink exists.
# Works as root (CI containers) and as a normal user. Prints, as its last line, the variable to export:
#   PULSE_SERVER=unix:<dir>/pulse/native
# Usage: eval "$(scripts/start-pulse.sh | tail -1 | sed 's/^/export /')"
set -euo pipefail

dir="${YOMIAGE_PULSE_DIR:-/tmp/yomiage-pulse-$(id -u)}"
sink="yomiage_null"
mkdir -p "$dir"
chmod 700 "$dir"
export XDG_RUNTIME_DIR="$dir"
export PULSE_SERVER="unix:$dir/pulse/native"
unset PULSE_RUNTIME_PATH

for tool in pulseaudio pactl; do
  command -v "$tool" >/dev/null || { echo "start-pulse: $tool not installed (apt-get install pulseaudio pulseaudio-utils)" >&2; exit 1; }
done

if ! pactl info >/dev/null 2>&1; then
  # -n: no default.pa (no hardware detection); just the native socket and a null sink that runs in real time.
  pulseaudio --daemonize=yes --exit-idle-time=-1 --system=false -n \
    --log-target="file:$dir/pulse.log" \
    --load=module-native-protocol-unix \
    --load="module-null-sink sink_name=$sink sink_properties=device.description=Yomiage_null" 2>>"$dir/start.err" || true
  for _ in $(seq 1 50); do
    pactl info >/dev/null 2>&1 && break
    sleep 0.1
  done
  pactl info >/dev/null 2>&1 || { echo "start-pulse: PulseAudio did not come up; see $dir/pulse.log $dir/start.err" >&2; exit 1; }
fi

if ! pactl list short sinks | awk '{print $2}' | grep -qx "$sink"; then
  pactl load-module module-null-sink "sink_name=$sink" >/dev/null
fi
pactl set-default-sink "$sink"
echo "start-pulse: PulseAudio running, default sink $sink (monitor: $sink.monitor)" >&2
echo "PULSE_SERVER=$PULSE_SERVER"
