module.exports = {
  displayName: 'gate-evaluator',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
