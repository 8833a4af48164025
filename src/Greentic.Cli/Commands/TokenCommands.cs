using System.CommandLine;
using Greentic.Cli.Client;
using Greentic.Cli.Up;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tenancy;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic token issue --tenant T [--team T] [--user U] [--role R] [--ttl D]</c>: a token from the dev issuer of a
/// data folder (the one <c>greentic up</c> or <c>serve --dev</c> created and trusts), printed on stdout. Refuses when the
/// folder has no dev issuer: a production control plane trusts only its configured identity provider.
/// </summary>
internal static class TokenCommands
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    public static Command Create() => new("token", "Dev tokens for a local control plane") { CreateIssue() };

    private static Command CreateIssue()
    {
        var tenant = new Option<string[]>("--tenant") { Description = "Tenant the token grants (repeatable)", Required = true, AllowMultipleArgumentsPerToken = false };
        var team = new Option<string[]>("--team") { Description = "Restrict the token to this team (repeatable; TEAM or TENANT/TEAM)" };
        var user = new Option<string>("--user") { Description = "Who the token is for (its subject)", DefaultValueFactory = _ => "dev" };
        var role = new Option<string[]>("--role") { Description = "Role to grant, e.g. admin (repeatable)" };
        var ttl = new Option<string>("--ttl") { Description = "How long the token is valid, e.g. 30m, 12h (at most 30 days)", DefaultValueFactory = _ => "12h" };
        var dataDir = new Option<string>("--data-dir") { Description = "The data folder whose dev issuer signs the token", DefaultValueFactory = _ => TokenResolver.DefaultDataDir };
        var command = new Command("issue", "Print a token signed by the data folder's dev issuer") { tenant, team, user, role, ttl, dataDir };
        command.SetAction(parse => Issue(parse.GetValue(tenant) ?? [], parse.GetValue(team) ?? [], parse.GetValue(user)!, parse.GetValue(role) ?? [],
            parse.GetValue(ttl)!, parse.GetValue(dataDir)!));
        return command;
    }

    private static int Issue(string[] tenants, string[] teams, string user, string[] roles, string ttl, string dataDir)
    {
        try
        {
            foreach (var t in tenants)
                if (!TenantContext.IsValidIdentifier(t)) throw new UsageException($"--tenant '{t}' is not a tenant identifier (letters, digits, '_' or '-')");
            if (string.IsNullOrWhiteSpace(user)) throw new UsageException("--user must not be empty");
            var lifetime = DurationParser.Parse(ttl, "--ttl");
            if (lifetime > MaxLifetime) throw new UsageException($"--ttl '{ttl}' is longer than {MaxLifetime.TotalDays} days");
            var issuerFile = Path.Combine(Path.GetFullPath(dataDir), DesktopDefaults.IssuerFileName);
            if (!File.Exists(issuerFile))
                throw new UsageException($"no dev issuer in {Path.GetFullPath(dataDir)} (looked for {DesktopDefaults.IssuerFileName}): " +
                                         "'greentic up' and 'greentic serve --dev' create one; a production control plane trusts only its configured identity provider");
            using var issuer = DevTokenIssuer.Load(issuerFile);
            Console.Out.WriteLine(issuer.Issue(new DevTokenRequest { Subject = user, Tenants = tenants, Teams = teams, Roles = roles, Lifetime = lifetime }));
            return ExitCodes.Ok;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: the dev issuer cannot be read: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
