module.exports = {
  displayName: 'service-host',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
