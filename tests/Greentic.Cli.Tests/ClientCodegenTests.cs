using Greentic.TestSupport;
using Greentic.Cli.Tests.Infrastructure;

namespace Greentic.Cli.Tests;

/// <summary>clients/gen.sh generates Node typings and Python modules from protos/, and the typings type-check.</summary>
public sealed class ClientCodegenTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("greentic-gen-").FullName;

    [Fact]
    public async Task Gen_script_writes_node_typings_that_type_check_and_python_modules_that_import()
    {
        var gen = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Clients, "gen.sh"), _out], RepoPaths.Root, timeout: TimeSpan.FromSeconds(120));
        Assert.True(gen.ExitCode == 0, gen.ToString());
        Assert.True(File.Exists(Path.Combine(_out, "node", "greentic", "provider", "v1", "ProviderService.ts")), gen.ToString());

        // tsc comes from the repository's npm devDependencies (typescript).
        File.CreateSymbolicLink(Path.Combine(_out, "node", "node_modules"), Path.Combine(RepoPaths.Root, "node_modules"));
        var tsc = await ProcessRunner.RunAsync(Path.Combine(RepoPaths.Root, "node_modules", ".bin", "tsc"),
            ["--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--target", "es2020", "provider.ts", "secrets.ts", "state.ts", "admin.ts"],
            Path.Combine(_out, "node"), timeout: TimeSpan.FromSeconds(120));
        Assert.True(tsc.ExitCode == 0, tsc.ToString());

        var python = await ProcessRunner.RunAsync("/usr/bin/python3",
            ["-c", "from greentic.provider.v1 import provider_pb2, provider_pb2_grpc; print(provider_pb2_grpc.ProviderServiceStub.__name__)"],
            Path.Combine(_out, "python"));
        Assert.True(python.ExitCode == 0, python.ToString());
        Assert.Equal("ProviderServiceStub", python.Stdout.Trim());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_out, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }
}
