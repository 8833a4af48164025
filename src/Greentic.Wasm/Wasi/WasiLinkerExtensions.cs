using Greentic.Wasm.Wasi;

namespace Greentic.Wasm;

/// <summary><c>Linker.DefineWasi</c>: the <c>wasi_snapshot_preview1</c> imports.</summary>
public static class WasiLinkerExtensions
{
    public const string ModuleName = "wasi_snapshot_preview1";

    private delegate WasiErrno WasiCall(ReadOnlySpan<Value> args);

    /// <summary>Defines every preview-1 function for one guest. Functions outside the supported set answer
    /// ENOSYS; host I/O failures answer EIO (or the matching errno), never an exception in the guest.
    /// Use one linker (and so one context) per guest instance.</summary>
    public static WasiContext DefineWasi(this Linker linker, WasiConfiguration configuration)
    {
        var context = new WasiContext(configuration);
        var f = new WasiFunctions(context);
        const ValType I = ValType.I32, L = ValType.I64;

        void Def(string name, ValType[] ps, WasiCall call) => linker.DefineFunction(ModuleName, name, new FuncType(ps, [I]),
            (args, results) => results[0] = Value.I32((int)Guard(call, args)));

        Def("args_get", [I, I], f.ArgsGet);
        Def("args_sizes_get", [I, I], f.ArgsSizesGet);
        Def("environ_get", [I, I], f.EnvironGet);
        Def("environ_sizes_get", [I, I], f.EnvironSizesGet);
        Def("clock_res_get", [I, I], f.ClockResGet);
        Def("clock_time_get", [I, L, I], f.ClockTimeGet);
        Def("random_get", [I, I], f.RandomGet);
        Def("sched_yield", [], WasiFunctions.SchedYield);
        Def("poll_oneoff", [I, I, I, I], f.PollOneoff);
        Def("proc_raise", [I], WasiFunctions.NotImplemented);
        linker.DefineFunction(ModuleName, "proc_exit", new FuncType([I], []), (args, _) => WasiFunctions.ProcExit(args));

        Def("fd_advise", [I, L, L, I], f.FdAdvise);
        Def("fd_allocate", [I, L, L], WasiFunctions.NotImplemented);
        Def("fd_close", [I], f.FdClose);
        Def("fd_datasync", [I], f.FdSync);
        Def("fd_fdstat_get", [I, I], f.FdFdstatGet);
        Def("fd_fdstat_set_flags", [I, I], f.FdFdstatSetFlags);
        Def("fd_fdstat_set_rights", [I, L, L], f.FdFdstatSetRights);
        Def("fd_filestat_get", [I, I], f.FdFilestatGet);
        Def("fd_filestat_set_size", [I, L], f.FdFilestatSetSize);
        Def("fd_filestat_set_times", [I, L, L, I], WasiFunctions.NotImplemented);
        Def("fd_pread", [I, I, I, L, I], f.FdPread);
        Def("fd_prestat_get", [I, I], f.FdPrestatGet);
        Def("fd_prestat_dir_name", [I, I, I], f.FdPrestatDirName);
        Def("fd_pwrite", [I, I, I, L, I], f.FdPwrite);
        Def("fd_read", [I, I, I, I], f.FdRead);
        Def("fd_readdir", [I, I, I, L, I], f.FdReaddir);
        Def("fd_renumber", [I, I], f.FdRenumber);
        Def("fd_seek", [I, L, I, I], f.FdSeek);
        Def("fd_sync", [I], f.FdSync);
        Def("fd_tell", [I, I], f.FdTell);
        Def("fd_write", [I, I, I, I], f.FdWrite);

        Def("path_create_directory", [I, I, I], f.PathCreateDirectory);
        Def("path_filestat_get", [I, I, I, I, I], f.PathFilestatGet);
        Def("path_filestat_set_times", [I, I, I, I, L, L, I], WasiFunctions.NotImplemented);
        Def("path_link", [I, I, I, I, I, I, I], WasiFunctions.NotImplemented);
        Def("path_open", [I, I, I, I, I, L, L, I, I], f.PathOpen);
        Def("path_readlink", [I, I, I, I, I, I], WasiFunctions.NotImplemented);
        Def("path_remove_directory", [I, I, I], f.PathRemoveDirectory);
        Def("path_rename", [I, I, I, I, I, I], f.PathRename);
        Def("path_symlink", [I, I, I, I, I], WasiFunctions.NotImplemented);
        Def("path_unlink_file", [I, I, I], f.PathUnlinkFile);

        Def("sock_accept", [I, I, I], WasiFunctions.NotImplemented);
        Def("sock_recv", [I, I, I, I, I, I], WasiFunctions.NotImplemented);
        Def("sock_send", [I, I, I, I, I], WasiFunctions.NotImplemented);
        Def("sock_shutdown", [I, I], WasiFunctions.NotImplemented);
        return context;
    }

    /// <summary>Maps host failures to errnos; only <c>proc_exit</c> and unbound-memory misuse leave as exceptions.</summary>
    private static WasiErrno Guard(WasiCall call, ReadOnlySpan<Value> args)
    {
        try
        {
            return call(args);
        }
        catch (WasiErrnoException e)
        {
            return e.Errno;
        }
        catch (FileNotFoundException)
        {
            return WasiErrno.NoEnt;
        }
        catch (DirectoryNotFoundException)
        {
            return WasiErrno.NoEnt;
        }
        catch (PathTooLongException)
        {
            return WasiErrno.NameTooLong;
        }
        catch (UnauthorizedAccessException)
        {
            return WasiErrno.Access;
        }
        catch (IOException)
        {
            return WasiErrno.Io;
        }
        catch (NotSupportedException)
        {
            return WasiErrno.NotSup;
        }
    }
}
