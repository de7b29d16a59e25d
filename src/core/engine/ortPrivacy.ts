/**
 * onnxruntime-node (1.30) records usage data unless told not to: `$HOME/.cache/Microsoft/DeveloperTools/.onnxruntime/`
 * (a device id and a database of queued events) and `$TMPDIR/mat-debug-<pid>.log`, `$TMPDIR/.ses`. An offline
 * reader writes nothing behind the user's back, so ORT_DISABLE_TELEMETRY=1 is set before the native library loads.
 *
 * The library reads the process environment (getenv), which only the main thread can change: a worker thread's
 * `process.env` is its own copy. So this runs on the main thread before any worker that loads onnxruntime starts
 * (EngineClient, the CLI) and again before an in-process load (engine/session.ts).
 */
export function disableOnnxRuntimeTelemetry(): void {
  process.env.ORT_DISABLE_TELEMETRY = '1';
}
