'use strict';
// Parses grpc interop-style flags: --name=value (or --name value); booleans accept true/false, or nothing for true.
function parseFlags(argv, defaults) {
  const flags = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`);
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
    if (!(name in defaults)) throw new Error(`unknown flag --${name}`);
    if (value === undefined) {
      // A bare boolean flag (--use_tls) means true, as in gflags.
      const bare = typeof defaults[name] === 'boolean' && (i + 1 >= argv.length || argv[i + 1].startsWith('--'));
      value = bare ? 'true' : argv[++i];
    }
    flags[name] = typeof defaults[name] === 'boolean' ? value === 'true' : value;
  }
  return flags;
}

module.exports = { parseFlags };
