using System.CommandLine;
using System.Text.Json;
using Greentic.Cli.Client;
using Greentic.Conformance;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic conformance TARGET [options] [-- START COMMAND…]</c>: certifies a provider — a sidecar or remote gateway
/// address, or a component file — with the shared conformance suite behind the suite's own control plane, prints the
/// certificate (check, result, evidence) and exits 0 when certified, 1 when any check failed, 2 on a usage error.
/// docs/conformance.md explains the checks and the conformance op set.
/// </summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target")
        {
            Description = "unix:///path, http://host:port or https://host:port of a running (or started) provider, or a component .wasm file",
        };
        var start = new Argument<string[]>("command")
        {
            Description = $"After --: how to start the target; {ConformanceOptions.ControlPlanePlaceholder} becomes the suite's control plane " +
                "address and GREENTIC_SIDECAR_TOKEN its callback token",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var providerType = new Option<string?>("--provider-type") { Description = "The provider type to certify (required for an address)" };
        var clientCert = new Option<string?>("--client-cert") { Description = "https:// targets: the PEM client certificate to present" };
        var clientKey = new Option<string?>("--client-key") { Description = "https:// targets: its PEM private key" };
        var ca = new Option<string?>("--ca") { Description = "https:// targets: the PEM CA the target's certificate must chain to" };
        var json = new Option<bool>("--json") { Description = "Print the certificate as JSON" };
        var timeout = new Option<string>("--start-timeout") { Description = "How long to wait for the target to answer", DefaultValueFactory = _ => "60s" };
        var command = new Command("conformance", "Certify a provider (sidecar, remote gateway or component) against the conformance suite")
        {
            target, start, providerType, clientCert, clientKey, ca, json, timeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            ConformanceOptions options;
            try
            {
                options = new ConformanceOptions
                {
                    Target = parse.GetValue(target)!,
                    ProviderType = parse.GetValue(providerType),
                    ClientCertificateFile = parse.GetValue(clientCert),
                    ClientKeyFile = parse.GetValue(clientKey),
                    TrustedCaFile = parse.GetValue(ca),
                    StartCommand = parse.GetValue(start) ?? [],
                    StartTimeout = DurationParser.Parse(parse.GetValue(timeout)!, "--start-timeout"),
                };
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            try
            {
                var certificate = await ConformanceSuite.RunAsync(options, Console.Error, ct);
                Console.Out.Write(parse.GetValue(json)
                    ? certificate.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine
                    : certificate.ToText());
                return certificate.Certified ? ExitCodes.Ok : ExitCodes.CallFailed;
            }
            catch (ConformanceException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return e.IsUsage ? ExitCodes.Usage : ExitCodes.CallFailed;
            }
        });
        return command;
    }
}
