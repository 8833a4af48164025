using System.CommandLine;

namespace Greentic.Cli.Client;

/// <summary>
/// The options every client verb shares: where the control plane is, who the caller is, and which tenant the call acts in.
/// A fresh set per command, since an option belongs to the command it is added to.
/// </summary>
internal sealed class ClientOptions
{
    public const string DefaultAddress = "http://127.0.0.1:7878";
    private bool _tenantScoped = true;

    public Option<string?> Address { get; } = new("--address")
    {
        Description = $"Control plane gRPC address (default: GREENTIC_ADDRESS, else {DefaultAddress})",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token (default: GREENTIC_TOKEN, else .greentic/dev-token.txt, else the one in --data-dir)",
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "The data folder of 'greentic up', where dev-token.txt is looked up",
    };

    public Option<string> Tenant { get; } = new("--tenant")
    {
        Description = "Tenant the call acts in", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GREENTIC_TENANT") ?? "demo",
    };

    public Option<string?> Team { get; } = new("--team") { Description = "Team within the tenant" };

    public Option<string> Env { get; } = new("--env")
    {
        Description = "Environment of the tenant context", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GREENTIC_ENV") ?? "dev",
    };

    /// <summary>Adds the connection options (address, token, data dir) and, when the verb acts in a tenant, the tenant ones.</summary>
    public ClientOptions AddTo(Command command, bool tenantScoped = true)
    {
        _tenantScoped = tenantScoped;
        command.Options.Add(Address);
        command.Options.Add(Token);
        command.Options.Add(DataDir);
        if (tenantScoped)
        {
            command.Options.Add(Tenant);
            command.Options.Add(Team);
            command.Options.Add(Env);
        }
        return this;
    }

    public ClientSettings Resolve(ParseResult parse, string? addressOverride = null) => new(
        AddressResolver.Resolve(parse.GetValue(Address) ?? addressOverride),
        parse.GetValue(Token),
        parse.GetValue(DataDir),
        _tenantScoped ? parse.GetValue(Tenant)! : "demo",
        _tenantScoped ? parse.GetValue(Team) : null,
        _tenantScoped ? parse.GetValue(Env)! : "dev");
}
