//! The simulation core: a deterministic discrete-event engine with no web dependency.
//! It builds for the host (tests, the command-line runner, benchmarks) and for wasm32 (the app).
