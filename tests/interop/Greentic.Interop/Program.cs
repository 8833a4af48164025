using Greentic.Interop;
using Greentic.Interop.Client;
using Greentic.Interop.Server;

// Greentic.Interop server [--port=N --use_tls=BOOL]
// Greentic.Interop client --server_host=H --server_port=N --test_case=NAME [--use_tls --use_test_ca --server_host_override]
try
{
    return args switch
    {
        ["server", .. var rest] => await InteropServer.RunAsync(rest),
        ["client", .. var rest] => await InteropClient.RunAsync(rest),
        _ => Usage(),
    };
}
catch (FlagException e)
{
    Console.Error.WriteLine(e.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: Greentic.Interop server|client [grpc interop flags]");
    return 2;
}
