using Greentic.TestSupport;

namespace Greentic.Cli.Tests.Infrastructure;

/// <summary>
/// One real <c>greentic up</c> (with its supervised <c>messaging.dummy</c> sidecar) shared by the CLI tests, on free
/// loopback ports, a temporary data folder and an ADMIN_TOKEN, so AdminService wants a bearer even from loopback.
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private GreenticUpProcess? _up;

    public string WorkDir { get; } = Directory.CreateTempSubdirectory("greentic-cli-tests-").FullName;
    public string DataDir => Path.Combine(WorkDir, "data");
    public string GrpcAddress => _up!.GrpcAddress;
    public string Token { get; private set; } = "";
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");
    public string Log => _up?.Output ?? "";

    public async Task InitializeAsync()
    {
        _up = await GreenticUpProcess.StartAsync(DataDir, grpcAddress: $"http://127.0.0.1:{FreePort.Next()}", sidecar: true,
            env: new Dictionary<string, string> { ["ADMIN_TOKEN"] = AdminToken });
        Token = _up.Token();
    }

    public async Task DisposeAsync()
    {
        if (_up is not null) await _up.DisposeAsync();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // A child still closing a file; the temp folder is left behind.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "greentic up";
}
