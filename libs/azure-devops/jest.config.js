module.exports = {
  displayName: 'azure-devops',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
