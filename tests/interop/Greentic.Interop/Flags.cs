namespace Greentic.Interop;

/// <summary>
/// grpc interop-style flags: <c>--name=value</c> or <c>--name value</c>, and a bare boolean flag for true;
/// only known names are accepted.
/// </summary>
public sealed class Flags
{
    private readonly Dictionary<string, string> _values;

    private Flags(Dictionary<string, string> values) => _values = values;

    public static Flags Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> defaults)
    {
        var values = new Dictionary<string, string>(defaults);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new FlagException($"unexpected argument '{arg}'");
            var eq = arg.IndexOf('=');
            var name = eq < 0 ? arg[2..] : arg[2..eq];
            if (!defaults.TryGetValue(name, out var defaultValue)) throw new FlagException($"unknown flag --{name}");
            string value;
            if (eq >= 0) value = arg[(eq + 1)..];
            else if (defaultValue is "true" or "false" && (i + 1 == args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                value = "true"; // a bare boolean flag (--use_tls) means true, as in gflags
            else if (i + 1 < args.Count) value = args[++i];
            else throw new FlagException($"flag --{name} needs a value");
            values[name] = value;
        }
        return new Flags(values);
    }

    public string this[string name] => _values[name];

    public bool Bool(string name) => _values[name] switch
    {
        "true" => true,
        "false" => false,
        var v => throw new FlagException($"--{name} must be true or false, not '{v}'"),
    };

    public int Int(string name) => int.TryParse(_values[name], out var n) ? n : throw new FlagException($"--{name} must be a number");
}

/// <summary>A bad command line: unknown flag, missing or malformed value.</summary>
public sealed class FlagException(string message) : Exception(message);
