// Preloaded into the Azurite child (node --require). Closing the IPC channel, whether by stop()
// or because the parent died, runs Azurite's own graceful SIGTERM shutdown, so an emulator never
// outlives the process that started it and keeps holding its port. Emitting the event rather than
// signalling avoids a second real SIGTERM killing Azurite half-way through saving its database.
process.once('disconnect', () => {
  process.emit('SIGTERM', 'SIGTERM');
});
