using System.Text;
using Greentic.Wasm.Wasi;

namespace Greentic.Wasm.Tests.Wasi;

/// <summary>Hostile pointers, paths and descriptors get errnos (or a trap), never a host crash or an escape.</summary>
public sealed class WasiSandboxTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("greentic-wasi-sandbox-");
    private readonly DirectoryInfo outside = Directory.CreateTempSubdirectory("greentic-wasi-outside-");

    public WasiSandboxTests()
    {
        File.WriteAllText(Path.Combine(root.FullName, "inside.txt"), "inside");
        Directory.CreateDirectory(Path.Combine(root.FullName, "sub"));
        File.WriteAllText(Path.Combine(outside.FullName, "secret.txt"), "secret");
    }

    public void Dispose()
    {
        root.Delete(recursive: true);
        outside.Delete(recursive: true);
    }

    private WasiProbe Probe(bool readOnly = true, MemoryStream? stdout = null) => new(new WasiConfiguration
    {
        Arguments = ["probe"],
        StandardOutput = stdout,
        PreopenedDirectories = [new WasiPreopenedDirectory(root.FullName, "/data", readOnly)],
    });

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("sub/../../x")]
    [InlineData("/etc/passwd")]
    public void Paths_leaving_the_preopen_are_not_capable(string path) =>
        Assert.Equal(WasiErrno.NotCapable, Probe().Open(3, path));

    [Fact]
    public void Dot_dot_inside_the_preopen_is_fine()
    {
        var probe = Probe();
        Assert.Equal(WasiErrno.Success, probe.Open(3, "sub/../inside.txt"));
        Assert.True(probe.OpenedFd >= 4);
    }

    [Fact]
    public void Symlink_to_outside_is_refused_and_symlink_inside_is_followed()
    {
        File.CreateSymbolicLink(Path.Combine(root.FullName, "escape.txt"), Path.Combine(outside.FullName, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "escape-dir"), outside.FullName);
        File.CreateSymbolicLink(Path.Combine(root.FullName, "alias.txt"), "inside.txt");
        var probe = Probe();
        Assert.Equal(WasiErrno.NotCapable, probe.Open(3, "escape.txt"));
        Assert.Equal(WasiErrno.NotCapable, probe.Open(3, "escape-dir/secret.txt"));
        Assert.Equal(WasiErrno.Success, probe.Open(3, "alias.txt"));
    }

    [Fact]
    public void Read_only_preopen_refuses_create_and_write()
    {
        var probe = Probe(readOnly: true);
        Assert.Equal(WasiErrno.NotCapable, probe.Open(3, "new.txt", WasiProbe.OCreate, WasiProbe.RightWrite));
        Assert.Equal(WasiErrno.NotCapable, probe.Open(3, "inside.txt", 0, WasiProbe.RightWrite));
        Assert.False(File.Exists(Path.Combine(root.FullName, "new.txt")));
        Assert.Equal(WasiErrno.Success, probe.Open(3, "inside.txt"));
        Assert.Equal(WasiErrno.BadF, probe.Write(probe.OpenedFd, "x"));
    }

    [Fact]
    public void Read_write_preopen_creates_and_writes_files()
    {
        var probe = Probe(readOnly: false);
        Assert.Equal(WasiErrno.Success, probe.Open(3, "sub/new.txt", WasiProbe.OCreate | WasiProbe.OTruncate, WasiProbe.RightWrite));
        int fd = probe.OpenedFd;
        Assert.Equal(WasiErrno.Success, probe.Write(fd, "written by the guest"));
        Assert.Equal(WasiErrno.Success, probe.Raw("close", fd));
        Assert.Equal("written by the guest", File.ReadAllText(Path.Combine(root.FullName, "sub", "new.txt")));
        Assert.Equal(WasiErrno.Exist, probe.Open(3, "sub/new.txt", WasiProbe.OCreate | WasiProbe.OExclusive, WasiProbe.RightWrite));
        Assert.Equal(WasiErrno.BadF, probe.Raw("close", fd));
    }

    [Fact]
    public void Open_errors_follow_posix()
    {
        var probe = Probe();
        Assert.Equal(WasiErrno.NoEnt, probe.Open(3, "missing.txt"));
        Assert.Equal(WasiErrno.NotDir, probe.Open(3, "inside.txt", WasiProbe.ODirectory));
        Assert.Equal(WasiErrno.Success, probe.Open(3, "sub", WasiProbe.ODirectory));
        Assert.Equal(WasiErrno.NotDir, probe.Open(1, "inside.txt"));
        Assert.Equal(WasiErrno.BadF, probe.Open(77, "inside.txt"));
    }

    [Fact]
    public void Without_a_preopen_there_is_no_filesystem()
    {
        var probe = new WasiProbe(new WasiConfiguration());
        Assert.Equal(WasiErrno.BadF, probe.Raw("prestat", 3, 64));
        Assert.Equal(WasiErrno.BadF, probe.Open(3, "anything"));
    }

    [Fact]
    public void Bad_pointers_answer_efault_and_the_host_stays_up()
    {
        var stdout = new MemoryStream();
        var probe = Probe(stdout: stdout);
        Assert.Equal(WasiErrno.Fault, probe.Raw("args_sizes", -4, 0));
        Assert.Equal(WasiErrno.Fault, probe.Raw("args_sizes", 65534, 0));
        Assert.Equal(WasiErrno.Fault, probe.Raw("random", 65000, 1000));
        Assert.Equal(WasiErrno.Fault, probe.Raw("write", 1, 65532, 1, 16));
        // An iovec whose buffer runs past the end of memory: nothing is written.
        BitConverter.TryWriteBytes(probe.Memory[256..], 65000);
        BitConverter.TryWriteBytes(probe.Memory[260..], 10_000);
        Assert.Equal(WasiErrno.Fault, probe.Raw("write", 1, 256, 1, 16));
        // More iovecs than IOV_MAX (1024) is EINVAL, as in POSIX, before any of them is read.
        Assert.Equal(WasiErrno.Inval, probe.Raw("write", 1, 256, int.MaxValue, 16));
        Assert.Equal(WasiErrno.Success, probe.Open(3, "inside.txt"));
        BitConverter.TryWriteBytes(probe.Memory[260..], 4);
        Assert.Equal(WasiErrno.Fault, probe.Raw("read", probe.OpenedFd, 256, 1, -1));
        Assert.Equal(0, stdout.Length);
        Assert.Equal(WasiErrno.Success, probe.Write(1, "still fine\n"));
        Assert.Equal("still fine\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public void Bad_descriptors_are_ebadf_and_unsupported_calls_enosys()
    {
        var probe = Probe();
        Assert.Equal(WasiErrno.BadF, probe.Write(99, "x"));
        Assert.Equal(WasiErrno.BadF, probe.Write(0, "x"));
        Assert.Equal(WasiErrno.BadF, probe.Raw("read", 1, 256, 0, 16));
        Assert.Equal(WasiErrno.IsDir, probe.Write(3, "x"));
        Assert.Equal(WasiErrno.NoSys, probe.Raw("accept"));
    }

    [Fact]
    public void Proc_exit_carries_the_code_out_of_the_guest()
    {
        var probe = Probe();
        Assert.Equal(3, probe.Context.RunStart(probe.Instance));
        var trap = Assert.Throws<TrapException>(() => probe.Instance.GetFunction("exit")!.Invoke(Value.I32(9)));
        Assert.Equal(9, WasiExitException.From(trap)!.ExitCode);
        Assert.Equal(WasiErrno.Success, probe.Write(1, "usable after exit"));
    }

    [Fact]
    public void Calls_before_bind_trap_instead_of_guessing_a_memory()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.DefineWasi(new WasiConfiguration());
        var instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, "probe",
            Wat.ToWasm("""(module (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32))) (memory (export "memory") 1) (func (export "f") (result i32) (call $r (i32.const 0) (i32.const 4))))""")));
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("f")!.Invoke(Array.Empty<Value>()));
        Assert.Equal(TrapCode.HostError, trap.Code);
    }

    [Fact]
    public void Missing_preopen_directory_is_a_clear_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => new WasiProbe(new WasiConfiguration
        {
            PreopenedDirectories = [new WasiPreopenedDirectory(Path.Combine(root.FullName, "nope"), "/x")],
        }));
}
