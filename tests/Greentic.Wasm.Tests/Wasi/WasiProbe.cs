using System.Text;
using Greentic.Wasm.Wasi;

namespace Greentic.Wasm.Tests.Wasi;

/// <summary>A hand-written module that exposes raw WASI calls, so tests can pass hostile pointers and paths.</summary>
internal sealed class WasiProbe
{
    private const string Source = """
        (module
          (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          (memory (export "memory") 1)
          ;; fd_ptr is fixed at 8
          (func (export "open") (param i32 i32 i32 i32 i64 i32) (result i32)
            (call $path_open (local.get 0) (i32.const 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (i64.const 0) (local.get 5) (i32.const 8)))
          (func (export "write") (param i32 i32 i32 i32) (result i32) (call $fd_write (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "read") (param i32 i32 i32 i32) (result i32) (call $fd_read (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "close") (param i32) (result i32) (call $fd_close (local.get 0)))
          (func (export "args_sizes") (param i32 i32) (result i32) (call $args_sizes_get (local.get 0) (local.get 1)))
          (func (export "random") (param i32 i32) (result i32) (call $random_get (local.get 0) (local.get 1)))
          (func (export "accept") (result i32) (call $sock_accept (i32.const 3) (i32.const 0) (i32.const 0)))
          (func (export "prestat") (param i32 i32) (result i32) (call $fd_prestat_get (local.get 0) (local.get 1)))
          (func (export "exit") (param i32) (call $proc_exit (local.get 0)))
          (func (export "_start") (call $proc_exit (i32.const 3))))
        """;

    private static readonly Lazy<byte[]> Binary = new(() => Wat.ToWasm(Source));

    public const int PathAt = 1024, IovecAt = 256, DataAt = 4096, FdAt = 8;
    public const long RightRead = 1L << 1, RightWrite = 1L << 6;
    public const int OCreate = 1, ODirectory = 2, OExclusive = 4, OTruncate = 8;

    public WasiProbe(WasiConfiguration configuration)
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        Context = linker.DefineWasi(configuration);
        Instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, "probe", Binary.Value));
        Context.Bind(Instance);
    }

    public WasiContext Context { get; }
    public Instance Instance { get; }
    public Span<byte> Memory => Instance.GetMemory("memory")!.GetSpan();

    private int Call(string name, params Value[] args) => Instance.GetFunction(name)!.Invoke(args)[0].AsI32();

    public WasiErrno Open(int dirFd, string path, int oflags = 0, long rights = RightRead, int fdflags = 0)
    {
        int len = Encoding.UTF8.GetBytes(path, Memory[PathAt..]);
        return (WasiErrno)Call("open", Value.I32(dirFd), Value.I32(PathAt), Value.I32(len), Value.I32(oflags), Value.I64(rights), Value.I32(fdflags));
    }

    public int OpenedFd => BitConverter.ToInt32(Memory[FdAt..]);

    /// <summary>fd_write of <paramref name="text"/> through one iovec; the count written lands at 16.</summary>
    public WasiErrno Write(int fd, string text)
    {
        int len = Encoding.UTF8.GetBytes(text, Memory[DataAt..]);
        BitConverter.TryWriteBytes(Memory[IovecAt..], DataAt);
        BitConverter.TryWriteBytes(Memory[(IovecAt + 4)..], len);
        return (WasiErrno)Call("write", Value.I32(fd), Value.I32(IovecAt), Value.I32(1), Value.I32(16));
    }

    public WasiErrno Raw(string name, params int[] args) => (WasiErrno)Call(name, args.Select(Value.I32).ToArray());
}
