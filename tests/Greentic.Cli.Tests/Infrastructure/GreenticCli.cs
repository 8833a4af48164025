using Greentic.TestSupport;
namespace Greentic.Cli.Tests.Infrastructure;

/// <summary>Runs <c>dotnet greentic.dll ...</c> as a process, by default against the fixture's control plane and data folder.</summary>
internal sealed class GreenticCli(ControlPlaneFixture controlPlane)
{
    /// <summary>A verb with <c>--address</c> and <c>--data-dir</c> of the running control plane appended.</summary>
    public Task<ProcessResult> RunAsync(params string[] args) =>
        RunRawAsync([.. args, "--address", controlPlane.GrpcAddress, "--data-dir", controlPlane.DataDir]);

    /// <summary>Exactly these arguments, in <paramref name="workingDirectory"/> (default: the fixture's), with extra variables.</summary>
    public Task<ProcessResult> RunRawAsync(string[] args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null) =>
        ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, .. args], workingDirectory ?? controlPlane.WorkDir, env);
}
