using Greentic.Interop.Server;

// Greentic.Interop server [--port=N --use_tls=BOOL]
return args switch
{
    ["server", .. var rest] => await InteropServer.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Greentic.Interop server [grpc interop-server flags]");
    return 2;
}
