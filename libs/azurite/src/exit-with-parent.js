// Preloaded into the Azurite child (node --require).
//
// Closing the IPC channel, whether by stop() or because the parent died, runs Azurite's own
// graceful SIGTERM shutdown, so an emulator never outlives the process that started it and keeps
// holding its port. Emitting the event rather than signalling avoids a second real SIGTERM killing
// Azurite half-way through saving its database.
//
// Azurite prints its "listens on" line before it registers that SIGTERM handler, and emitting an
// event nobody listens to does nothing. So the handler's arrival is reported to the parent
// (startAzurite resolves only then), and a disconnect that comes earlier waits for it.
let handlerReady = false;
let stopRequested = false;

function shutDown() {
  process.emit('SIGTERM', 'SIGTERM');
}

process.on('newListener', function watchForShutdownHandler(event) {
  if (event !== 'SIGTERM') return;
  process.removeListener('newListener', watchForShutdownHandler);
  // 'newListener' fires before the listener is added.
  process.nextTick(() => {
    handlerReady = true;
    if (stopRequested) return shutDown();
    // The callback takes a send error (the parent died just now) instead of an unhandled 'error'.
    if (process.connected) process.send({ azurite: 'shutdown-handler-ready' }, () => undefined);
  });
});

process.once('disconnect', () => {
  if (handlerReady) shutDown();
  else stopRequested = true;
});
