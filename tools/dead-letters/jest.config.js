module.exports = {
  displayName: 'dead-letters',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
