module.exports = {
  displayName: 'azurite',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
