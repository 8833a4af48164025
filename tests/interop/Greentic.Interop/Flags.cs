namespace Greentic.Interop;

/// <summary>grpc interop-style flags: <c>--name=value</c> or <c>--name value</c>; only known names are accepted.</summary>
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
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{arg}'");
            var eq = arg.IndexOf('=');
            var name = eq < 0 ? arg[2..] : arg[2..eq];
            string value;
            if (eq >= 0) value = arg[(eq + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new ArgumentException($"flag --{name} needs a value");
            if (!values.ContainsKey(name)) throw new ArgumentException($"unknown flag --{name}");
            values[name] = value;
        }
        return new Flags(values);
    }

    public string this[string name] => _values[name];

    public bool Bool(string name) => _values[name] switch
    {
        "true" => true,
        "false" => false,
        var v => throw new ArgumentException($"--{name} must be true or false, not '{v}'"),
    };

    public int Int(string name) => int.TryParse(_values[name], out var n) ? n : throw new ArgumentException($"--{name} must be a number");
}
