// Starts the built service (dist/main.js) under a command line of its own, so the benchmark's
// server is told apart from other `node dist/main.js` processes on a shared machine.
await import('../dist/main.js');
