module.exports = {
  displayName: 'eventgrid',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
