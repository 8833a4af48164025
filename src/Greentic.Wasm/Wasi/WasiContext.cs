namespace Greentic.Wasm.Wasi;

/// <summary>The state of one WASI guest: its descriptor table and the memory its pointers refer to. Created by
/// <see cref="WasiLinkerExtensions.DefineWasi"/>; bind it to the instance with <see cref="Bind"/> (or run a
/// command with <see cref="RunStart"/>, which binds it).</summary>
public sealed class WasiContext
{
    private const int MaxDescriptors = 1024;
    private readonly Dictionary<int, WasiDescriptor> descriptors = new();
    private Memory? memory;

    internal WasiContext(WasiConfiguration configuration)
    {
        Configuration = configuration;
        descriptors[0] = new WasiStdioDescriptor(configuration.StandardInput, writable: false);
        descriptors[1] = new WasiStdioDescriptor(configuration.StandardOutput, writable: true);
        descriptors[2] = new WasiStdioDescriptor(configuration.StandardError, writable: true);
        int fd = 3;
        foreach (var dir in configuration.PreopenedDirectories)
        {
            string root = WasiSandbox.CanonicalRoot(dir.HostPath);
            descriptors[fd++] = new WasiDirectoryDescriptor(root, root, dir.ReadOnly, dir.GuestPath);
        }
        StartTimestamp = configuration.Clock.GetTimestamp();
    }

    public WasiConfiguration Configuration { get; }

    internal long StartTimestamp { get; }

    /// <summary>Use the instance's exported <c>memory</c> for every pointer the guest passes.</summary>
    public void Bind(Instance instance) =>
        memory = instance.GetMemory("memory") ?? throw new WasmLinkException("a WASI module must export its memory as \"memory\"");

    /// <summary>Binds the instance and runs its <c>_start</c>. Returns the exit code: 0 when <c>_start</c>
    /// returns, the <c>proc_exit</c> code otherwise. Other traps propagate as <see cref="TrapException"/>.</summary>
    public int RunStart(Instance instance)
    {
        Bind(instance);
        var start = instance.GetAction("_start") ?? throw new WasmLinkException("the module exports no \"_start\" function of type () -> ()");
        try
        {
            start();
            return 0;
        }
        catch (TrapException e) when (WasiExitException.From(e) is { } exit)
        {
            return exit.ExitCode;
        }
        finally
        {
            Flush(1);
            Flush(2);
        }
    }

    private void Flush(int fd)
    {
        if (descriptors.GetValueOrDefault(fd) is WasiStdioDescriptor { Stream: { } s }) s.Flush();
    }

    internal GuestMemory Memory
    {
        get
        {
            if (memory is null) throw new InvalidOperationException("WASI is not bound to an instance yet: call WasiContext.Bind(instance) after instantiation");
            return new GuestMemory(memory.GetSpan());
        }
    }

    internal bool Has(int fd) => descriptors.ContainsKey(fd);

    internal WasiDescriptor Get(int fd) => descriptors.GetValueOrDefault(fd) ?? throw new WasiErrnoException(WasiErrno.BadF);

    internal T Get<T>(int fd, WasiErrno otherwise) where T : WasiDescriptor =>
        Get(fd) as T ?? throw new WasiErrnoException(otherwise);

    internal int Add(WasiDescriptor descriptor)
    {
        for (int fd = 3; fd < MaxDescriptors; fd++)
        {
            if (descriptors.TryAdd(fd, descriptor)) return fd;
        }
        descriptor.Close();
        throw new WasiErrnoException(WasiErrno.MFile);
    }

    internal void Remove(int fd)
    {
        if (!descriptors.Remove(fd, out var d)) throw new WasiErrnoException(WasiErrno.BadF);
        d.Close();
    }

    internal void Renumber(int from, int to)
    {
        var d = Get(from);
        Get(to).Close();
        descriptors[to] = d;
        descriptors.Remove(from);
    }
}
