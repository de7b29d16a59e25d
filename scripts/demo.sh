#!/usr/bin/env bash
# The main job on a fresh machine: install, build, then speak a sample sentence through the CLI.
# On first use the default model (~88 MB) and voice are downloaded into ~/.cache/yomiage ($YOMIAGE_HOME).
# Usage: bash scripts/demo.sh ["日本語の文"] [say options, e.g. --voice jm_kumo --out demo.wav]
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip   # onnxruntime-node's install script would fetch CUDA files; the CPU build needs none
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
text="${1:-こんにちは。Yomiage が日本語を読み上げます。今日は2026年11月23日です。}"
[ $# -gt 0 ] && shift

# A model given on the command line or in YOMIAGE_MODEL is used as it is; otherwise make sure the cache has one.
if [[ " $* " != *" --model "* ]] && [ -z "${YOMIAGE_MODEL:-}" ]; then
  if ! node dist/cli.js download; then
    home="${YOMIAGE_HOME:-$HOME/.cache/yomiage}"
    cat >&2 <<MSG

The Kokoro model could not be downloaded (no network?). To use a model file you already have:
  node dist/cli.js say "$text" --model /path/to/model_quantized.onnx --voice /path/to/jf_alpha.bin
or set YOMIAGE_MODEL=/path/to/model.onnx (a model copied into $home by hand is not used:
that folder holds only verified downloads)
(files from https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX: onnx/model_quantized.onnx, voices/jf_alpha.bin).
MSG
    exit 1
  fi
fi
echo "speaking: $text"
node dist/cli.js say "$text" "$@"
