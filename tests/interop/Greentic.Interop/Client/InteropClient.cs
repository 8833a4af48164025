using Greentic.Rpc;
using Grpc.Testing;

namespace Greentic.Interop.Client;

/// <summary>
/// The interop client with grpc's flags: <c>--server_host --server_port --test_case --use_tls --use_test_ca
/// --server_host_override</c>. Exits 0 when the case passes, 1 when it fails.
/// </summary>
public static class InteropClient
{
    public static async Task<int> RunAsync(string[] args)
    {
        var flags = Flags.Parse(args, new Dictionary<string, string>
        {
            ["server_host"] = "127.0.0.1", ["server_port"] = "", ["test_case"] = "", ["use_tls"] = "false",
            ["use_test_ca"] = "false", ["server_host_override"] = "",
        });
        var testCase = flags["test_case"];
        if (!InteropCases.Names.Contains(testCase))
        {
            Console.Error.WriteLine($"unknown --test_case '{testCase}'; known: {string.Join(", ", InteropCases.Names)}");
            return 2;
        }

        // Only the cases that check compressed flags on the wire need the recorder; the others run on the
        // channel's own handler, so its TLS and authority options are part of what they test.
        var recorder = InteropCases.NeedsFlagRecorder(testCase) ? RecordingHandler.Create(flags) : null;
        using var channel = InteropChannel.Create(flags, recorder);
        var cases = new InteropCases(new TestService.TestServiceClient(channel),
            new UnimplementedService.UnimplementedServiceClient(channel), recorder);
        try
        {
            await cases.RunAsync(testCase);
        }
        catch (Exception e) when (e is CheckFailedException or RpcException)
        {
            Console.Error.WriteLine($"{testCase}: FAIL: {e.Message}");
            return 1;
        }
        Console.WriteLine($"{testCase}: PASS");
        return 0;
    }
}
