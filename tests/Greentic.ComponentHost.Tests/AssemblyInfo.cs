// These tests call the host's synchronous API (Invoke, OneShotInvocation.Run) on test threads, and their components'
// HTTP imports wait on loopback servers in this same process. Test classes running in parallel then hold enough pool
// threads blocked that those servers cannot answer in time (a "timeout" where "too-large" or a body was expected).
// One class at a time; a class may still run its own calls concurrently (the isolation tests do).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
