namespace Greentic.ComponentHost.Internal.Imports;

/// <summary>What every host import callback does first: find its call, and wait for the host service it uses.</summary>
internal static class HostCall
{
    public static CallState Require(string import) =>
        CallState.Current ?? throw new InvalidOperationException($"host import {import} was called outside a component call");

    /// <summary>Host callbacks are synchronous (Wasmtime waits on this thread), so host services are awaited here.</summary>
    public static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    public static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully) task.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Runs a host service call, turning failures into a <c>host-error</c> the guest can read.</summary>
    public static (string Code, string Message)? Guard(CallState call, string import, Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (HostCallException e)
        {
            return (e.Code, e.Message);
        }
        catch (OperationCanceledException) when (call.Cancellation.IsCancellationRequested)
        {
            return (HostErrorCodes.Timeout, $"{import}: the call's deadline passed or it was cancelled");
        }
        catch (Exception e)
        {
            Log.HostImportFailed(call.Context.Logger, e, import, call.Context.Tenant.Env, call.Context.Tenant.Tenant);
            return (HostErrorCodes.Internal, $"{import}: internal host error");
        }
    }
}
