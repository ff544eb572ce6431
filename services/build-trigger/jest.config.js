module.exports = {
  displayName: 'build-trigger',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
