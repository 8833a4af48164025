'use strict';
// Parses grpc interop-style flags: --name=value (or --name value); booleans accept true/false.
function parseFlags(argv, defaults) {
  const flags = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`);
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
    if (value === undefined) value = argv[++i];
    if (!(name in defaults)) throw new Error(`unknown flag --${name}`);
    flags[name] = typeof defaults[name] === 'boolean' ? value === 'true' : value;
  }
  return flags;
}

module.exports = { parseFlags };
