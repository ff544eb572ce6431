module.exports = {
  displayName: 'badge-renderer',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
