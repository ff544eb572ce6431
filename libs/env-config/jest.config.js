module.exports = {
  displayName: 'env-config',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
