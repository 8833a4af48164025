namespace Greentic.Cli.Client;

/// <summary>The control plane address: <c>--address</c>, else <c>GREENTIC_ADDRESS</c>, else the address of <c>greentic up</c>.</summary>
internal static class AddressResolver
{
    public static string Resolve(string? option)
    {
        var address = !string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable("GREENTIC_ADDRESS") is { Length: > 0 } fromEnv ? fromEnv
            : ClientOptions.DefaultAddress;
        address = address.Trim();
        var valid = address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)
            || (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0);
        if (!valid)
            throw new UsageException($"address '{address}' is not valid: use http://host:port (h2c), https://host:port or unix:///path/to.sock");
        return address;
    }
}
